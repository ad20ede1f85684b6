import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { CITY_CONFIG, type CityConfig } from '../config/app-config.js';
import { Clock, humanDateTime } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { FREE_TEXT, textProblem } from '../common/validation.js';
import { actorLabel, requireRole, type Actor } from '../common/actor.js';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import { inTransaction, isUniqueViolation } from '../database/transaction.js';
import { accountLimitKey, ThrottleService, type Limit } from '../security/throttle.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
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
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * D4: number and date of birth must match the same person. A wrong number and a wrong date get
   * the same 404 and count as a failed attempt (counted before the lookup, so that parallel
   * guesses cannot all pass the limit); the holder must be 18 on the day of linking. Two facts
   * printed on old invoices are all it takes, so a link is told to the household's other addresses
   * and written to the audit log with the IP (issue 15).
   */
  async link(accountId: number, rawNumber: string, rawBirthDate: string, ip: string): Promise<MyHouseholdResponse> {
    const limits: Limit[] = [
      ['dossierLinkFailuresPerAccount', accountLimitKey(accountId)],
      ['dossierLinkFailuresPerIp', ip],
    ];
    await this.throttle.attempt(limits, 'dossier_not_found', () => this.linkPerson(accountId, rawNumber, rawBirthDate, ip));
    return this.householdOf(accountId);
  }

  private async linkPerson(accountId: number, rawNumber: string, rawBirthDate: string, ip: string): Promise<void> {
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
        const now = this.clock.now();
        await manager.update(Account, { id: accountId }, { dossierLinkedAt: now });
        const changes = changesBetween({ dossierNumber: null, personId: null }, { dossierNumber: person.dossierNumber, personId: String(person.id) });
        await this.audit.record(manager, { actor: { kind: 'resident', accountId }, action: 'linkDossier', resource: 'accounts', recordId: accountId, changes, note: `Adresse IP : ${ip}` });
        await this.tellHousehold(manager, accountId, person, now);
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
      await manager.update(Account, { id: accountId }, { dossierLinkedAt: null });
      const before = { dossierNumber: linked.map((p) => p.dossierNumber).join(', '), personId: linked.map((p) => p.id).join(', ') };
      const changes = changesBetween(before, { dossierNumber: null, personId: null });
      await this.audit.record(manager, { actor, action: 'unlinkDossier', resource: 'accounts', recordId: accountId, changes, note: reason });
      return true;
    });
    if (unlinked) this.logger.log({ accountId, actor: actorLabel(actor) }, 'Dossier unlinked from the panel');
    return unlinked;
  }

  /**
   * « Un compte a été lié à votre dossier » to the household's other known addresses: the emails of
   * the members of every household of the linked person (and of that person), and of the accounts
   * linked to them; each once, never the linking account's own. In the link's transaction.
   */
  private async tellHousehold(manager: EntityManager, accountId: number, person: Person, linkedAt: Date): Promise<void> {
    const account = await manager.findOneByOrFail(Account, { id: accountId });
    const householdIds = (await manager.findBy(Membership, { personId: person.id })).map((m) => m.householdId);
    const members = householdIds.length
      ? await manager.createQueryBuilder(Person, 'p').innerJoin(Membership, 'm', 'm.personId = p.id').where('m.householdId IN (:...householdIds)', { householdIds }).getMany()
      : [];
    const people = [person, ...members];
    const accountIds = [...new Set(people.map((p) => p.accountId).filter((id): id is number => id !== null && id !== accountId))];
    const accounts = accountIds.length ? await manager.findBy(Account, { id: In(accountIds) }) : [];
    const recipients = new Map<string, { email: string; firstName: string | null; locale: Locale }>();
    const add = (email: string | null, firstName: string | null, locale: Locale) => {
      const address = email?.trim();
      const key = address?.toLowerCase();
      if (address && key && key !== account.email.trim().toLowerCase() && !recipients.has(key)) recipients.set(key, { email: address, firstName, locale });
    };
    for (const other of accounts) add(other.email, other.firstName, other.locale === 'en' ? 'en' : 'fr');
    for (const member of people) add(member.email, member.firstName, 'fr');
    for (const { email, firstName, locale } of recipients.values()) {
      await this.outbox.enqueue(manager, email, locale, {
        template: 'dossier_linked',
        params: { firstName, accountName: `${account.firstName} ${account.lastName}`, linkedAt: humanDateTime(linkedAt, this.city.cityTimeZone, locale) },
      });
    }
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
          id: m.person.id,
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
