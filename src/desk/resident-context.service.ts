import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { ageOn } from '../dossiers/dossier-rules.js';
import { HouseholdPhone } from '../dossiers/household-phone.entity.js';
import type { Household } from '../dossiers/household.entity.js';
import { Membership, type MemberRole } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { requireRight } from '../staff/roles.js';

/** How the resident of a thread or a request was recognised. */
export type ResidentMatch = 'account' | 'approval' | 'email' | 'duplicate' | 'none';

export interface ContextMember {
  personId: number;
  name: string;
  dossierNumber: string;
  age: number;
  role: MemberRole;
  dependent: boolean;
  accountId: number | null;
  accountEmail: string | null;
}

export interface ContextHousehold {
  id: number;
  address: string;
  phones: Array<{ number: string; kind: string }>;
  members: ContextMember[];
}

/** The resident beside a thread or a request: who, their families, their accounts, what they asked before. */
export interface ResidentContext {
  match: ResidentMatch;
  /** The resident as the city knows them: their dossier's person, or only the name they gave. */
  resident: { name: string | null; personId: number | null; dossierNumber: string | null; email: string };
  households: ContextHousehold[];
  accounts: Array<{ id: number; email: string }>;
  requests: Array<{ id: number; reference: string; status: string; createdAt: string }>;
  threads: Array<{ id: number; reference: string; status: string; subject: string; receivedAt: string }>;
}

/** Previous requests and threads shown beside one: the newest, at most this many of each. */
const PREVIOUS = 10;

export function addressLabel(h: Pick<Household, 'address'>): string {
  return `${h.address.civicNumber}${h.address.apartment ? `-${h.address.apartment}` : ''}, ${h.address.street}, ${h.address.city}`;
}

/**
 * The one read of a resident's context for the panel's thread and request pages (and their action
 * screens): clerks, supervisors and administrators may read it. Reading it is a consultation of
 * the household(s) it shows (Law 25: access logged), one audit line per household and per view.
 */
@Injectable()
export class ResidentContexts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async forThread(threadId: number, actor: Actor): Promise<ResidentContext> {
    requireRight(actor, 'threads', 'context');
    const thread = await this.dataSource.getRepository(Thread).findOneBy({ id: threadId });
    if (!thread) throw new DomainError('thread_not_found', 404);
    let person = thread.accountId === null ? null : await this.dataSource.getRepository(Person).findOneBy({ accountId: thread.accountId });
    let match: ResidentMatch = person ? 'account' : 'none';
    // An email from someone without an account, or whose account has no dossier: the person of that address, when only one has it.
    if (!person && !thread.unverifiedSender) {
      const sameEmail = await this.dataSource.getRepository(Person).find({ where: { email: thread.email }, take: 2 });
      if (sameEmail.length === 1) [person, match] = [sameEmail[0], 'email'];
    }
    const account = thread.accountId === null ? null : await this.dataSource.getRepository(Account).findOne({ where: { id: thread.accountId }, select: { id: true, firstName: true, lastName: true } });
    const name = person ? `${person.firstName} ${person.lastName}` : account ? `${account.firstName} ${account.lastName}` : null;
    const householdIds = person ? await this.householdsOf([person.id]) : [];
    return this.build(actor, { match, name, person, email: thread.email, householdIds, accountIds: [thread.accountId], exclude: { threadId } });
  }

  async forRequest(requestId: number, actor: Actor): Promise<ResidentContext> {
    requireRight(actor, 'dossier_requests', 'context');
    const request = await this.dataSource.getRepository(DossierRequest).findOneBy({ id: requestId });
    if (!request) throw new DomainError('not_found', 404);
    const linked = request.accountId === null ? null : await this.dataSource.getRepository(Person).findOneBy({ accountId: request.accountId });
    let match: ResidentMatch = 'none';
    let person: Person | null = null;
    let householdIds: number[] = [];
    if (request.householdId !== null) {
      [match, householdIds] = ['approval', [request.householdId]];
      person = linked;
    } else if (linked) {
      [match, person, householdIds] = ['account', linked, await this.householdsOf([linked.id])];
    } else {
      // Before approval, without a linked dossier: the family of the person the applicant resembles (a possible duplicate).
      const applicant = request.possibleDuplicates.find((d) => d.matches === 'applicant');
      if (applicant) {
        person = await this.dataSource.getRepository(Person).findOneBy({ id: applicant.personId });
        if (person) [match, householdIds] = ['duplicate', await this.householdsOf([person.id])];
      }
    }
    const name = `${request.applicantFirstName} ${request.applicantLastName}`;
    return this.build(actor, { match, name, person, email: request.email, householdIds, accountIds: [request.accountId], exclude: { requestId } });
  }

  private async householdsOf(personIds: number[]): Promise<number[]> {
    if (!personIds.length) return [];
    const memberships = await this.dataSource.getRepository(Membership).find({ where: { personId: In(personIds) }, order: { householdId: 'ASC' }, select: { householdId: true } });
    return [...new Set(memberships.map((m) => m.householdId))];
  }

  private async build(
    actor: Actor,
    subject: { match: ResidentMatch; name: string | null; person: Person | null; email: string; householdIds: number[]; accountIds: Array<number | null>; exclude: { threadId?: number; requestId?: number } },
  ): Promise<ResidentContext> {
    const today = this.clock.today();
    const households: ContextHousehold[] = [];
    const accountIds = new Set(subject.accountIds.filter((id): id is number => id !== null));
    for (const householdId of subject.householdIds) {
      const memberships = await this.dataSource.getRepository(Membership).find({ where: { householdId }, relations: { person: true, household: true }, order: { id: 'ASC' } });
      if (!memberships.length) continue;
      const phones = await this.dataSource.getRepository(HouseholdPhone).find({ where: { householdId }, order: { id: 'ASC' } });
      for (const m of memberships) if (m.person.accountId !== null) accountIds.add(m.person.accountId);
      households.push({
        id: householdId,
        address: `${addressLabel(memberships[0].household)} ${memberships[0].household.address.postalCode}`,
        phones: phones.map((p) => ({ number: p.number, kind: p.kind })),
        members: memberships.map((m) => ({
          personId: m.personId,
          name: `${m.person.firstName} ${m.person.lastName}`,
          dossierNumber: m.person.dossierNumber,
          age: ageOn(m.person.birthDate, today),
          role: m.role,
          dependent: Boolean(m.dependent),
          accountId: m.person.accountId,
          accountEmail: null,
        })),
      });
    }
    const accounts = accountIds.size ? await this.dataSource.getRepository(Account).find({ where: { id: In([...accountIds]) }, select: { id: true, email: true }, order: { id: 'ASC' } }) : [];
    const emails = new Map(accounts.map((a) => [a.id, a.email]));
    for (const h of households) for (const m of h.members) m.accountEmail = m.accountId === null ? null : (emails.get(m.accountId) ?? null);

    // What the resident asked before: by their family's accounts, their households and their address.
    const byAccount = accountIds.size ? [{ accountId: In([...accountIds]) }] : [];
    const requests = await this.dataSource.getRepository(DossierRequest).find({
      where: [...byAccount, { email: subject.email }, ...(subject.householdIds.length ? [{ householdId: In(subject.householdIds) }] : [])].map((w) => ({ ...w, ...(subject.exclude.requestId ? { id: Not(subject.exclude.requestId) } : {}) })),
      select: { id: true, reference: true, status: true, createdAt: true },
      order: { id: 'DESC' },
      take: PREVIOUS,
    });
    const threads = await this.dataSource.getRepository(Thread).find({
      where: [...byAccount, { email: subject.email }].map((w) => ({ ...w, ...(subject.exclude.threadId ? { id: Not(subject.exclude.threadId) } : {}) })),
      select: { id: true, reference: true, status: true, subject: true, receivedAt: true },
      order: { id: 'DESC' },
      take: PREVIOUS,
    });
    // Law 25: the families shown were consulted.
    for (const h of households) await this.audit.view(this.dataSource, actor, 'households', h.id);
    return {
      match: subject.match,
      resident: { name: subject.name, personId: subject.person?.id ?? null, dossierNumber: subject.person?.dossierNumber ?? null, email: subject.email },
      households,
      accounts: accounts.map((a) => ({ id: a.id, email: a.email })),
      requests: requests.map((r) => ({ id: r.id, reference: r.reference, status: r.status, createdAt: r.createdAt.toISOString() })),
      threads: threads.map((t) => ({ id: t.id, reference: t.reference, status: t.status, subject: t.subject, receivedAt: t.receivedAt.toISOString() })),
    };
  }
}
