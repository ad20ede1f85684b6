import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { FREE_TEXT, textProblem } from '../common/validation.js';
import { actorLabel, requireRole, type Actor } from '../common/actor.js';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { accountLimitKey, ThrottleService, type Limit } from '../auth/throttle.service.js';
import { ADULT_AGE, ageOn, normalizeDossierNumber, parseBirthDate } from './dossier-rules.js';
import { addressView } from './dto/address.dto.js';
import type { HouseholdView, MyHouseholdResponse } from './dto/dossier.dto.js';
import { lockHouseholds } from './household-lock.js';
import { Household } from './household.entity.js';
import { Membership, type MemberRole } from './membership.entity.js';
import { Person } from './person.entity.js';

const ROLE_ORDER: Record<MemberRole, number> = { holder: 0, spouse: 1, adult: 2, child: 3 };

/** Linking an account to its dossier (D4) and the household view (D5). */
@Injectable()
export class DossiersService {
  private readonly logger = new Logger('Dossiers');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /**
   * D4: number and date of birth must match the same person. A wrong number and a wrong date get
   * the same 404 and count as a failed attempt (counted before the lookup, so that parallel
   * guesses cannot all pass the limit); the holder must be 18 on the day of linking.
   */
  async link(accountId: number, rawNumber: string, rawBirthDate: string, ip: string): Promise<MyHouseholdResponse> {
    const limits: Limit[] = [
      ['dossierLinkFailuresPerAccount', accountLimitKey(accountId)],
      ['dossierLinkFailuresPerIp', ip],
    ];
    await this.throttle.attempt(limits, 'dossier_not_found', () => this.linkPerson(accountId, rawNumber, rawBirthDate));
    return this.householdOf(accountId);
  }

  private async linkPerson(accountId: number, rawNumber: string, rawBirthDate: string): Promise<void> {
    const persons = this.dataSource.getRepository(Person);
    const person = await persons.findOneBy({ dossierNumber: normalizeDossierNumber(rawNumber) });
    if (!person || person.birthDate !== parseBirthDate(rawBirthDate)) throw new DomainError('dossier_not_found', 404);
    if (person.accountId === accountId) return;
    if (ageOn(person.birthDate, this.clock.today()) < ADULT_AGE) {
      throw new DomainError('holder_under_18', 422);
    }
    if (person.accountId !== null) throw new DomainError('dossier_already_linked', 409);
    if (await persons.existsBy({ accountId })) throw new DomainError('account_already_linked', 409);
    try {
      await inTransaction(this.dataSource, async (manager) => {
        if (await this.everyHouseholdHasAnAccount(manager, person.id)) throw new DomainError('household_already_linked', 409);
        // Conditional: of two accounts racing for one person, exactly one changes the row.
        const linked = await manager.update(Person, { id: person.id, accountId: IsNull() }, { accountId });
        if (!linked.affected) throw new DomainError('dossier_already_linked', 409);
      });
    } catch (error) {
      // The same account racing to link two persons: the unique index on accountId stops the second.
      if (isUniqueViolation(error)) throw new DomainError('account_already_linked', 409);
      throw error;
    }
    this.logger.log({ accountId, personId: person.id }, 'Dossier linked');
  }

  /**
   * The panel (a clerk, issue #7): the account's person is no longer linked to it, for a reason the
   * clerk gives (kept as the audit line's note, in the same transaction). Conditional on the link
   * still being there; false when there was none (or another clerk removed it first).
   */
  async unlinkAccount(accountId: number, actor: Actor, reason: string): Promise<boolean> {
    // Clerks and administrators (the panel's matrix says the same).
    requireRole(actor, ['clerk', 'administrator']);
    if (!reason.trim()) throw new DomainError('unlink_reason_required', 400);
    if (textProblem(reason, FREE_TEXT)) throw new DomainError('unlink_reason_invalid', 400);
    const unlinked = await inTransaction(this.dataSource, async (manager) => {
      const linked = await manager.find(Person, { where: { accountId }, select: { id: true, dossierNumber: true }, order: { id: 'ASC' } });
      if (!linked.length) return false;
      const { affected } = await manager.update(Person, { id: In(linked.map((p) => p.id)), accountId }, { accountId: null });
      if (!affected) return false;
      const before = { dossierNumber: linked.map((p) => p.dossierNumber).join(', '), personId: linked.map((p) => p.id).join(', ') };
      const changes = changesBetween(before, { dossierNumber: null, personId: null });
      await this.audit.record(manager, { actor, action: 'unlinkDossier', resource: 'accounts', recordId: accountId, changes, note: reason });
      return true;
    });
    if (unlinked) this.logger.log({ accountId, actor: actorLabel(actor) }, 'Dossier unlinked from the panel');
    return unlinked;
  }

  /**
   * One account per family (A6, D4): a household where a member is linked already has its account,
   * so a spouse or another adult of it cannot link a second one. A child's other guardian is in
   * another household and links from there; a person listed in several households (an adult in both
   * separated guardians' households) may link while one of them has no account yet, and is refused
   * only when every one of their households already has one. A person in no household is not
   * refused. The households are locked (`lockHouseholds`, also across the nodes of a Galera
   * cluster), so that two spouses linking at once cannot both find their household free.
   */
  private async everyHouseholdHasAnAccount(manager: EntityManager, personId: number): Promise<boolean> {
    const ids = (await manager.findBy(Membership, { personId })).map((m) => m.householdId).sort((a, b) => a - b);
    if (!ids.length) return false;
    await lockHouseholds(manager, ids);
    const withAccount = await manager
      .createQueryBuilder(Membership, 'm')
      .innerJoin('m.person', 'p')
      .select('DISTINCT m.householdId', 'householdId')
      .where('m.householdId IN (:...ids)', { ids })
      .andWhere('p.accountId IS NOT NULL')
      .getRawMany();
    return withAccount.length === ids.length;
  }

  /** D5: the households of the account's person, and nothing of any other household. */
  async householdOf(accountId: number): Promise<MyHouseholdResponse> {
    const holder = await this.dataSource.getRepository(Person).findOneBy({ accountId });
    if (!holder) throw new DomainError('dossier_not_linked', 409);
    const own = await this.dataSource.getRepository(Membership).findBy({ personId: holder.id });
    const households = await this.householdViews(own.map((m) => m.householdId));
    // A linked person may belong to no household (left one, or created alone): the same shape, empty.
    const first = households[0] ?? { id: null, address: null, phones: [], members: [] };
    return { dossierNumber: holder.dossierNumber, ...first, households };
  }

  async householdViews(ids: number[]): Promise<HouseholdView[]> {
    if (!ids.length) return [];
    const households = await this.dataSource.getRepository(Household).find({
      where: { id: In(ids) },
      relations: { phones: true, memberships: { person: true } },
      order: { id: 'ASC' },
    });
    return households.map((household) => ({
      id: household.id,
      address: addressView(household.address),
      phones: [...household.phones].sort((a, b) => a.id - b.id).map((p) => ({ kind: p.kind, number: p.number })),
      members: [...household.memberships]
        .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.person.birthDate.localeCompare(b.person.birthDate))
        .map((m) => ({
          dossierNumber: m.person.dossierNumber,
          firstName: m.person.firstName,
          lastName: m.person.lastName,
          birthDate: m.person.birthDate,
          relationship: m.role,
          dependent: Boolean(m.dependent),
        })),
    }));
  }
}
