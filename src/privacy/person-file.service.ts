import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { Activity } from '../activities/activity.entity.js';
import { Offering } from '../activities/offering.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../database/transaction.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import type { Address } from '../dossiers/address.js';
import { nameKey } from '../dossiers/dossier-rules.js';
import { HouseholdPhone } from '../dossiers/household-phone.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { ThreadAttachment } from '../mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../mailbox/thread-message.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { ClaimPerson } from '../registrations/claim-person.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { WaitlistEntry } from '../registrations/waitlist-entry.entity.js';
import { requireRight } from '../staff/roles.js';
import { staffNames } from '../staff/staff-names.js';
import type { PersonFile, PersonFileFormat } from './person-file.js';

/** Household roles whose accounts speak for the household (their threads are in the members' files). */
const ADULT_ROLES = ['holder', 'adult', 'spouse'];

export function addressLine(address: Pick<Address, 'civicNumber' | 'street' | 'apartment' | 'city' | 'postalCode'>): string {
  const street = [address.civicNumber, address.street].filter(Boolean).join(' ');
  return [address.apartment ? `${street}, app. ${address.apartment}` : street, address.city, address.postalCode].filter(Boolean).join(', ');
}

/**
 * A person's file on request (Law 25): one service reads everything the city holds about the
 * person — identity, households and their members' names, dossier requests that name them, the
 * threads of their account and of their household's adults, accounts, registrations, waitlist
 * entries and the audit lines about these records — for administrators only, each export an audit
 * line « export » on the person. The renderers shape the plain object it returns.
 */
@Injectable()
export class PersonFileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async export(personId: number, format: PersonFileFormat, actor: Actor): Promise<PersonFile> {
    requireRight(actor, 'persons', 'exportFile');
    const file = await this.build(personId);
    await inTransaction(this.dataSource, (manager) => this.audit.record(manager, { actor, action: 'export', resource: 'persons', recordId: personId, note: format.toUpperCase() }));
    return file;
  }

  private async build(personId: number): Promise<PersonFile> {
    const ds = this.dataSource;
    const iso = (instant: Date) => this.clock.iso(instant);
    const isoOrNull = (instant: Date | null) => (instant ? iso(instant) : null);
    const person = Number.isSafeInteger(personId) ? await ds.getRepository(Person).findOneBy({ id: personId }) : null;
    if (!person) throw new DomainError('person_not_found', 404);

    // Households, their phones and members.
    const memberships = await ds.getRepository(Membership).find({ where: { personId }, relations: { household: true }, order: { householdId: 'ASC' } });
    const householdIds = memberships.map((m) => m.householdId);
    const coMembers = householdIds.length ? await ds.getRepository(Membership).find({ where: { householdId: In(householdIds) }, relations: { person: true }, order: { id: 'ASC' } }) : [];
    const phones = householdIds.length ? await ds.getRepository(HouseholdPhone).find({ where: { householdId: In(householdIds) }, order: { id: 'ASC' } }) : [];

    // Accounts: the one linked to the person, and one opened with the person's address.
    // An empty list of conditions would find every account: none asked, none read.
    const accountWhere = [...(person.accountId ? [{ id: person.accountId }] : []), ...(person.email ? [{ email: person.email }] : [])];
    const accounts = accountWhere.length ? await ds.getRepository(Account).find({ where: accountWhere, order: { id: 'ASC' } }) : [];
    const ownAccountIds = accounts.map((a) => a.id);
    const householdAccountIds = coMembers.filter((m) => m.personId !== personId && ADULT_ROLES.includes(m.role) && m.person.accountId).map((m) => m.person.accountId!);
    const threadAccountIds = [...new Set([...ownAccountIds, ...householdAccountIds])];

    const requests = await this.requestsNaming(person, ownAccountIds, householdIds);
    const threads = threadAccountIds.length ? await ds.getRepository(Thread).find({ where: { accountId: In(threadAccountIds) }, order: { id: 'ASC' } }) : [];
    const threadIds = threads.map((t) => t.id);
    const messages = threadIds.length ? await ds.getRepository(ThreadMessage).find({ where: { threadId: In(threadIds) }, order: { id: 'ASC' } }) : [];
    const attachments = threadIds.length
      ? await ds.getRepository(ThreadAttachment).find({ where: { threadId: In(threadIds) }, select: { id: true, threadId: true, filename: true, contentType: true, size: true, createdAt: true }, order: { id: 'ASC' } })
      : [];

    // Registrations and waitlist entries naming the person.
    const registrations = await ds.getRepository(Registration).find({ where: { personId }, order: { id: 'ASC' } });
    const claims = await ds.getRepository(ClaimPerson).find({ where: { personId, kind: 'waitlist' } });
    const waitlist = claims.length ? await ds.getRepository(WaitlistEntry).find({ where: { id: In(claims.map((c) => c.claimId)) }, order: { id: 'ASC' } }) : [];
    const offeringIds = [...new Set([...registrations.map((r) => r.offeringId), ...waitlist.map((w) => w.offeringId)])];
    const offerings = new Map((offeringIds.length ? await ds.getRepository(Offering).find({ where: { id: In(offeringIds) } }) : []).map((o) => [o.id, o]));
    const activityIds = [...new Set([...offerings.values()].map((o) => o.activityId))];
    const activities = new Map((activityIds.length ? await ds.getRepository(Activity).find({ where: { id: In(activityIds) } }) : []).map((a) => [a.id, a.name]));
    const offering = (id: number) => {
      const o = offerings.get(id);
      return { activity: o ? (activities.get(o.activityId) ?? '') : '', group: o?.groupName ?? '', site: o?.site ?? '' };
    };

    const audit = await this.auditAbout({
      persons: [personId],
      accounts: ownAccountIds,
      households: householdIds,
      dossier_requests: requests.map((r) => r.request.id),
      threads: threadIds,
      registrations: registrations.map((r) => r.id),
      waitlist: waitlist.map((w) => w.id),
    });
    const names = await staffNames(ds, audit.map((a) => a.staffId));

    return {
      generatedAt: iso(this.clock.now()),
      person: {
        id: person.id,
        dossierNumber: person.dossierNumber,
        firstName: person.firstName,
        lastName: person.lastName,
        birthDate: person.birthDate,
        email: person.email,
        phone: person.phone,
        createdAt: iso(person.createdAt),
        updatedAt: iso(person.updatedAt),
      },
      households: memberships.map((m) => ({
        id: m.householdId,
        address: addressLine(m.household.address),
        phones: phones.filter((p) => p.householdId === m.householdId).map((p) => ({ kind: p.kind, number: p.number })),
        role: m.role,
        dependent: Boolean(m.dependent),
        members: coMembers.filter((c) => c.householdId === m.householdId).map((c) => ({ firstName: c.person.firstName, lastName: c.person.lastName, role: c.role })),
        createdAt: iso(m.household.createdAt),
      })),
      accounts: accounts.map((a) => ({
        id: a.id,
        email: a.email,
        firstName: a.firstName,
        lastName: a.lastName,
        locale: a.locale,
        emailVerifiedAt: isoOrNull(a.emailVerifiedAt),
        dossierLinkedAt: isoOrNull(a.dossierLinkedAt),
        createdAt: iso(a.createdAt),
      })),
      dossierRequests: requests.map(({ request: r, names: why }) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        names: why,
        applicant: { firstName: r.applicantFirstName, lastName: r.applicantLastName, birthDate: r.applicantBirthDate },
        email: r.email,
        phone: r.phone,
        address: addressLine(r.address),
        members: r.members.map((m) => ({ firstName: m.firstName, lastName: m.lastName, birthDate: m.birthDate, relationship: m.relationship })),
        infoQuestion: r.infoQuestion,
        rejectionReason: r.rejectionReason,
        decisionNote: r.decisionNote,
        createdAt: iso(r.createdAt),
        decidedAt: isoOrNull(r.decidedAt),
        anonymizedAt: isoOrNull(r.anonymizedAt),
      })),
      threads: threads.map((t) => ({
        id: t.id,
        reference: t.reference,
        subject: t.subject,
        category: t.category,
        status: t.status,
        email: t.email,
        accountId: t.accountId,
        receivedAt: iso(t.receivedAt),
        messages: messages.filter((m) => m.threadId === t.id).map((m) => ({ id: m.id, author: m.author, internal: m.visibility === 'internal', body: m.body, createdAt: iso(m.createdAt) })),
        attachments: attachments.filter((a) => a.threadId === t.id).map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, createdAt: iso(a.createdAt) })),
      })),
      registrations: registrations.map((r) => ({
        id: r.id,
        ...offering(r.offeringId),
        status: r.status,
        amountCents: r.amount,
        createdAt: iso(r.createdAt),
        cancelledAt: isoOrNull(r.cancelledAt),
        cancelReason: r.cancelReason,
      })),
      waitlistEntries: waitlist.map((w) => {
        const { activity, group } = offering(w.offeringId);
        return { id: w.id, activity, group, status: w.status, rank: w.rank, offeredAt: isoOrNull(w.offeredAt), createdAt: iso(w.createdAt) };
      }),
      auditEntries: audit.map((a) => ({
        id: a.id,
        occurredAt: iso(a.occurredAt),
        actor: a.staffId !== null ? (names.get(a.staffId) ?? `#${a.staffId}`) : a.actorKind,
        action: a.action,
        resource: a.resource,
        recordId: a.recordId,
        changes: a.changes,
        note: a.note,
      })),
    };
  }

  /**
   * The dossier requests that name the person: as applicant or member (the same names and date of
   * birth, accents and case aside), from their account or address, or that created their household.
   */
  private async requestsNaming(person: Person, accountIds: number[], householdIds: number[]): Promise<Array<{ request: DossierRequest; names: PersonFile['dossierRequests'][number]['names'] }>> {
    const first = nameKey(person.firstName);
    const last = nameKey(person.lastName);
    const same = (p: { firstName: string; lastName: string; birthDate: string }) => p.birthDate === person.birthDate && nameKey(p.firstName) === first && nameKey(p.lastName) === last;
    const candidates = await this.dataSource
      .getRepository(DossierRequest)
      .createQueryBuilder('r')
      .where(
        new Brackets((qb) => {
          qb.where('r.applicantBirthDate = :birthDate', { birthDate: person.birthDate }).orWhere('r.members LIKE :member', { member: `%"birthDate":"${person.birthDate}"%` });
          if (person.email) qb.orWhere('r.email = :email', { email: person.email });
          if (accountIds.length) qb.orWhere('r.accountId IN (:...accountIds)', { accountIds });
          if (householdIds.length) qb.orWhere('r.householdId IN (:...householdIds)', { householdIds });
        }),
      )
      .orderBy('r.id', 'ASC')
      .getMany();
    return candidates.flatMap((request) => {
      const names = same({ firstName: request.applicantFirstName, lastName: request.applicantLastName, birthDate: request.applicantBirthDate })
        ? 'applicant'
        : request.members.some(same)
          ? 'member'
          : request.accountId !== null && accountIds.includes(request.accountId)
            ? 'account'
            : person.email !== null && request.email === person.email
              ? 'email'
              : request.householdId !== null && householdIds.includes(request.householdId)
                ? 'household'
                : null;
      return names ? [{ request, names }] : [];
    });
  }

  /** The audit lines of these records, oldest first (the log's record index serves each resource). */
  private async auditAbout(records: Record<string, number[]>): Promise<AuditEntry[]> {
    const lines: AuditEntry[] = [];
    for (const [resource, ids] of Object.entries(records)) {
      for (let i = 0; i < ids.length; i += 500) {
        const recordIds = ids.slice(i, i + 500).map(String);
        lines.push(...(await this.dataSource.getRepository(AuditEntry).find({ where: { resource, recordId: In(recordIds) } })));
      }
    }
    return lines.sort((a, b) => a.id - b.id);
  }
}
