import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditLog, changesBetween } from '../audit/audit-log.js';
import { actorLabel, type Actor } from '../common/actor.js';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import type { Locale } from '../common/locale.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { FieldCheck } from '../common/field-check.js';
import { FREE_TEXT, textProblem } from '../common/validation.js';
import { nextSequenceValue } from '../database/sequences.js';
import { inTransaction } from '../database/transaction.js';
import { ThrottleService } from '../security/throttle.service.js';
import { normalizeAddress, type AddressInput } from '../dossiers/address.js';
import { ADULT_AGE, ageOn, nameKey, normalizeDossierNumber } from '../dossiers/dossier-rules.js';
import { HouseholdsService, type NewMember } from '../dossiers/households.service.js';
import { Membership, type MemberRole } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { checkAddress, checkPerson, type PersonValues } from '../dossiers/person-check.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { findAssignee } from '../staff/assignees.js';
import { isLate, RegistrationPeriodsService } from '../registration-periods/registration-periods.service.js';
import { CONSENT_NOTICE_VERSION } from './collection-notice.js';
import { requireRight } from '../staff/roles.js';
import { DossierRequest, type PossibleDuplicate, type RequestedMember, type RequestRelationship } from './dossier-request.entity.js';
import type { DossierRequestCreatedResponse, MyDossierRequestResponse } from './dto/dossier-request.dto.js';
import { isRejectionReason, REJECTION_REASONS, type RejectionReason } from './rejection-reasons.js';
import { afterAction, answersApplicant, isRequestStatus, transition, type RequestAction, type RequestStatus } from './request-status.js';

/** The request form as any caller fills it (the public API, a clerk at the counter): dates as typed, checked here. */
export interface DossierRequestForm {
  applicant: { firstName: string; lastName: string; birthDate: string };
  address: AddressInput;
  members?: Array<{ firstName: string; lastName: string; birthDate: string; relationship: RequestRelationship }>;
  email: string;
  phone: string;
}

export interface MoveRequest {
  requestId: number;
  to: RequestStatus;
  note?: string;
}

export interface ApproveRequest {
  requestId: number;
  /** Extend this household instead of creating one. */
  intoHouseholdId?: number;
  /** Extend the household of the person with this dossier number instead of creating one. */
  intoDossierNumber?: string;
  note?: string;
}

/** The status after `action`, or the refusal of a move the lifecycle does not allow. */
function moveOf(request: DossierRequest, action: RequestAction): RequestStatus {
  const to = afterAction(request.status, action);
  if (!to) throw new DomainError('transition_not_allowed', 409);
  return to;
}

/** What the audit line of a staff action on a request shows before and after. */
const AUDITED_FIELDS = ['status', 'assignedToId', 'infoQuestion', 'rejectionReason', 'decisionNote', 'decidedAt', 'householdId'] as const;

export interface ApprovalResult {
  householdId: number;
  persons: Array<{ personId: number; dossierNumber: string; firstName: string; lastName: string; role: MemberRole }>;
}

/** Dossier-number requests (D6): the form, its acknowledgement, its lifecycle and its approval. */
@Injectable()
export class DossierRequestsService {
  private readonly logger = new Logger('DossierRequests');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly periods: RegistrationPeriodsService,
    private readonly outbox: OutboxService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly calendar: CalendarService,
    private readonly households: HouseholdsService,
  ) {}

  /** `ip`: the client's address when the form comes through the public API, which limits it per address. */
  async submit(form: DossierRequestForm, actor: Actor, locale: Locale, ip: string | null = null): Promise<DossierRequestCreatedResponse> {
    if (ip !== null) await this.throttle.consume(['dossierRequestsPerIp', ip]);
    const { applicant, address, members, email, phone } = this.checkForm(form);
    const now = this.clock.now();
    const period = await this.periods.next(now);
    const late = isLate(period, now);
    const dueAt = await this.calendar.dueAt(now);
    const possibleDuplicates = await this.findPossibleDuplicates(
      applicant,
      members,
      email,
    );
    // Anyone may type any address: the acknowledgements share the per-address cap of every email.
    const acknowledge = await this.throttle.allowEmailTo(email);
    const request = await inTransaction(this.dataSource, async (manager) => {
      const year = this.clock.today().slice(0, 4);
      const sequence = await nextSequenceValue(manager, `dossier_request_${year}`);
      const saved = await manager.save(
        manager.create(DossierRequest, {
          reference: `DR-${year}-${String(sequence).padStart(6, '0')}`,
          // The instant its due time counts from (the app's clock, not the database's).
          createdAt: now,
          accountId: actor.kind === 'resident' ? actor.accountId : null,
          status: 'submitted',
          applicantFirstName: applicant.firstName,
          applicantLastName: applicant.lastName,
          applicantLastNameKey: nameKey(applicant.lastName),
          applicantBirthDate: applicant.birthDate,
          email,
          phone,
          address,
          members,
          possibleDuplicates,
          consentedAt: now,
          consentVersion: CONSENT_NOTICE_VERSION,
          locale,
          late,
          dueAt,
        }),
      );
      if (!acknowledge) return saved;
      await this.outbox.enqueue(manager, email, locale, {
        template: 'dossier_request_received',
        params: {
          firstName: saved.applicantFirstName,
          reference: saved.reference,
          nextPeriod: period ? `${period.name}, ${this.clock.human(period.opensAt, locale)}` : null,
          late,
        },
      });
      return saved;
    });
    this.logger.log({ reference: request.reference, late, duplicates: possibleDuplicates.length, actor: actorLabel(actor) }, 'Dossier-number request received');
    return {
      reference: request.reference,
      status: request.status,
      nextPeriod: period ? this.periods.view(period) : null,
      late,
      message: this.sentence(period, late, locale),
    };
  }

  /**
   * The form's persons, address and contact by the one person and address checkers (as the
   * families' forms, the panel and the import check them), every problem under its field at once;
   * then the applicant's age. The API's DTO has refused all of these already: a caller that
   * skipped it gets the same 400.
   */
  private checkForm(form: DossierRequestForm) {
    const check = new FieldCheck();
    const today = this.clock.today();
    const person = (at: string, { firstName, lastName, birthDate }: DossierRequestForm['applicant']) => checkPerson(check.under(at), { firstName, lastName, birthDate }, today) as Pick<PersonValues, 'firstName' | 'lastName' | 'birthDate'>;
    const applicant = person('applicant.', form.applicant);
    const members: RequestedMember[] = (form.members ?? []).map((m, i) => ({ ...person(`members.${i}.`, m), relationship: m.relationship }));
    const address = checkAddress(check.under('address.'), form.address);
    const contact = checkPerson(check, { email: form.email, phone: form.phone }, today);
    for (const field of ['email', 'phone'] as const) if (!form[field]?.trim()) check.fail(field, 'required');
    check.done();
    if (ageOn(applicant.birthDate, today) < ADULT_AGE) throw new ValidationFailed([{ field: 'applicant.birthDate', code: 'holder_under_18' }]);
    return { applicant, members, address: normalizeAddress(address), email: contact.email!, phone: contact.phone! };
  }

  async listForAccount(accountId: number): Promise<MyDossierRequestResponse[]> {
    const requests = await this.dataSource.getRepository(DossierRequest).find({ where: { accountId }, order: { id: 'DESC' } });
    return requests.map((r) => ({
      reference: r.reference,
      status: r.status,
      submittedAt: this.clock.iso(r.createdAt),
      late: Boolean(r.late),
      persons: [
        { firstName: r.applicantFirstName, lastName: r.applicantLastName, birthDate: r.applicantBirthDate, relationship: 'holder' },
        ...r.members.map((m) => ({ firstName: m.firstName, lastName: m.lastName, birthDate: m.birthDate, relationship: m.relationship })),
      ],
    }));
  }

  /** Moves a request along its lifecycle; refuses moves the lifecycle does not allow. */
  async moveTo({ requestId, to, note }: MoveRequest, actor: Actor): Promise<DossierRequest> {
    if (to === 'approved') throw new DomainError('transition_not_allowed', 409);
    checkText(note);
    return this.act(requestId, actor, 'move', note ?? null, (request) => {
      if (!transition(request.status, to)) throw new DomainError('transition_not_allowed', 409);
      return { status: to, decisionNote: note ?? request.decisionNote, decidedAt: to === 'rejected' ? this.clock.now() : null };
    });
  }

  /** A clerk takes a request: it is theirs, and a received one is now in review. */
  async take(requestId: number, actor: Actor): Promise<DossierRequest> {
    requireRight(actor, 'dossier_requests', 'take');
    const staffId = actor.kind === 'staff' ? actor.staffId : null;
    return this.act(requestId, actor, 'take', null, (request) => {
      return { status: moveOf(request, 'take'), assignedToId: staffId };
    });
  }

  /** A supervisor gives an open request to a member who may be assigned work (`mayBeAssigned`: an active clerk). */
  async assign(requestId: number, clerkId: number, actor: Actor): Promise<DossierRequest> {
    requireRight(actor, 'dossier_requests', 'assign');
    const clerk = await findAssignee(this.dataSource.manager, clerkId);
    if (!clerk) throw new DomainError('assignee_invalid', 400);
    return this.act(requestId, actor, 'assign', null, (request) => {
      moveOf(request, 'assign');
      return { assignedToId: clerk.id };
    });
  }

  /** in_review → needs_info: the clerk's question is kept on the request and emailed to the applicant. */
  async askInfo(requestId: number, question: string, actor: Actor): Promise<DossierRequest> {
    requireRight(actor, 'dossier_requests', 'askInfo');
    const asked = question.trim();
    if (!asked) throw new DomainError('question_required', 400);
    checkText(asked);
    return this.act(requestId, actor, 'askInfo', asked, (request) => {
      return { status: moveOf(request, 'askInfo'), infoQuestion: asked };
    }, (manager, request) =>
      this.outbox.enqueue(manager, request.email, request.locale as Locale, {
        template: 'dossier_request_info_needed',
        params: { firstName: request.applicantFirstName, reference: request.reference, question: asked },
      }),
    );
  }

  /** needs_info → in_review: the applicant answered (by email for now); the clerk's note of the answer is audited. */
  async resume(requestId: number, note: string, actor: Actor): Promise<DossierRequest> {
    requireRight(actor, 'dossier_requests', 'resume');
    const answer = note.trim();
    if (!answer) throw new DomainError('note_required', 400);
    checkText(answer);
    return this.act(requestId, actor, 'resume', answer, (request) => {
      return { status: moveOf(request, 'resume') };
    });
  }

  /** Refusal with a reason of the list and the clerk's words, emailed to the applicant in their language. */
  async reject(requestId: number, reason: RejectionReason, details: string | null, actor: Actor): Promise<DossierRequest> {
    requireRight(actor, 'dossier_requests', 'reject');
    if (!isRejectionReason(reason)) throw new DomainError('rejection_reason_invalid', 400);
    const text = details?.trim() || null;
    checkText(text);
    return this.act(requestId, actor, 'reject', text, (request) => {
      return { status: moveOf(request, 'reject'), rejectionReason: reason, decisionNote: text, decidedAt: this.clock.now() };
    }, (manager, request) => {
      const locale = request.locale as Locale;
      return this.outbox.enqueue(manager, request.email, locale, {
        template: 'dossier_request_rejected',
        params: { firstName: request.applicantFirstName, reference: request.reference, reason: REJECTION_REASONS[reason][locale], details: text },
      });
    });
  }

  /**
   * One staff action on a request, in one transaction: the change, conditional on the status read
   * (of two clerks acting at once, one changes it and the other gets transition_not_allowed), its
   * audit line with the fields before and after, then what follows from it (an email).
   */
  private async act(
    requestId: number,
    actor: Actor,
    action: string,
    note: string | null,
    change: (request: DossierRequest) => QueryDeepPartialEntity<DossierRequest>,
    then?: (manager: EntityManager, request: DossierRequest) => Promise<unknown>,
  ): Promise<DossierRequest> {
    const moved = await inTransaction(this.dataSource, async (manager) => {
      const request = await this.findRequest(manager, requestId);
      const changes = change(request);
      if (isRequestStatus(changes.status) && answersApplicant(changes.status)) Object.assign(changes, await this.firstResponse(request));
      const changed = await manager.update(DossierRequest, { id: request.id, status: request.status }, changes);
      if (!changed.affected) throw new DomainError('transition_not_allowed', 409);
      const after = await manager.findOneByOrFail(DossierRequest, { id: request.id });
      await this.recordAudit(manager, actor, action, request, after, note);
      await then?.(manager, after);
      return after;
    });
    this.logger.log({ reference: moved.reference, status: moved.status, action, actor: actorLabel(actor) }, 'Dossier-number request changed');
    return moved;
  }

  /** The first answer the applicant gets (a question, the approval, a refusal) and its time in business minutes, for the queues; later ones keep it. */
  private async firstResponse(request: DossierRequest): Promise<Partial<Pick<DossierRequest, 'firstResponseAt' | 'responseMinutes'>>> {
    if (request.firstResponseAt) return {};
    const now = this.clock.now();
    return { firstResponseAt: now, responseMinutes: Math.round((await this.calendar.hoursBetween(request.createdAt, now)) * 60) };
  }

  private recordAudit(manager: EntityManager, actor: Actor, action: string, before: DossierRequest, after: DossierRequest, note: string | null): Promise<void> {
    const changes = changesBetween({ ...before }, { ...after }, AUDITED_FIELDS);
    return this.audit.record(manager, { actor, action, resource: 'dossier_requests', recordId: before.id, changes, note });
  }

  /**
   * Approval: in one transaction, creates the household (or extends `intoHouseholdId`) and its
   * persons with new dossier numbers, then emails the numbers to the applicant.
   */
  async approve(options: ApproveRequest, actor: Actor): Promise<ApprovalResult> {
    requireRight(actor, 'dossier_requests', 'approve');
    const { requestId } = options;
    checkText(options.note);
    return inTransaction(this.dataSource, async (manager) => {
      const request = await this.findRequest(manager, requestId);
      moveOf(request, 'approve');
      // Conditional on the status read: a second approval running at once changes nothing and fails.
      const claimed = await manager.update(
        DossierRequest,
        { id: request.id, status: request.status },
        { status: 'approved', decidedAt: this.clock.now(), decisionNote: options.note ?? request.decisionNote, ...(await this.firstResponse(request)) },
      );
      if (!claimed.affected) throw new DomainError('transition_not_allowed', 409);

      const intoHouseholdId = options.intoHouseholdId ?? (options.intoDossierNumber ? await this.householdOf(manager, options.intoDossierNumber) : undefined);
      const members: NewMember[] = [
        {
          person: { firstName: request.applicantFirstName, lastName: request.applicantLastName, birthDate: request.applicantBirthDate, email: request.email, phone: request.phone },
          role: intoHouseholdId ? 'adult' : 'holder',
        },
        // A requested relationship (spouse, adult, child) is the member's role in the household.
        ...request.members.map(({ firstName, lastName, birthDate, relationship }) => ({ person: { firstName, lastName, birthDate }, role: relationship })),
      ];
      // The families' writer creates the household and the persons, with the lines a clerk's hand-made family
      // writes; it refuses an unknown household when it locks it (household_not_found).
      const why = `Demande ${request.reference}`;
      const { householdId, persons: added } = intoHouseholdId
        ? { householdId: intoHouseholdId, persons: await this.households.addNewMembers(manager, intoHouseholdId, members, actor, why) }
        : await this.households.createFamily(manager, { address: request.address, phones: { home: request.phone }, members }, actor, why);
      const result: ApprovalResult = {
        householdId,
        persons: added.map((person, i) => ({ ...person, firstName: members[i].person.firstName, lastName: members[i].person.lastName })),
      };
      await manager.update(DossierRequest, { id: request.id }, { householdId });
      const numbers = result.persons.map((p) => p.dossierNumber).join(', ');
      await this.recordAudit(manager, actor, 'approve', request, await manager.findOneByOrFail(DossierRequest, { id: request.id }), options.note?.trim() || `famille n° ${householdId} : ${numbers}`);
      await this.outbox.enqueue(manager, request.email, request.locale as Locale, {
        template: 'dossier_numbers',
        params: {
          firstName: request.applicantFirstName,
          reference: request.reference,
          persons: result.persons.map((p) => ({ name: `${p.firstName} ${p.lastName}`, dossierNumber: p.dossierNumber })),
          hasAccount: request.accountId !== null,
        },
      });
      this.logger.log({ reference: request.reference, householdId, persons: result.persons.length, actor: actorLabel(actor) }, 'Dossier-number request approved');
      return result;
    });
  }

  /** The household of the person with this dossier number (their first membership). */
  private async householdOf(manager: EntityManager, dossierNumber: string): Promise<number> {
    const person = await manager.findOneBy(Person, { dossierNumber: normalizeDossierNumber(dossierNumber) });
    const membership = person && (await manager.findOne(Membership, { where: { personId: person.id }, order: { id: 'ASC' } }));
    if (!membership) throw new DomainError('household_not_found', 404);
    return membership.householdId;
  }

  private async findRequest(manager: EntityManager, id: number): Promise<DossierRequest> {
    const request = await manager.findOneBy(DossierRequest, { id });
    if (!request) throw new DomainError('request_not_found', 404);
    return request;
  }

  /** Same last name and date of birth, or same email, among the persons the city already knows. */
  private async findPossibleDuplicates(
    applicant: { firstName: string; lastName: string; birthDate: string },
    members: RequestedMember[],
    email: string,
  ): Promise<PossibleDuplicate[]> {
    const persons = this.dataSource.getRepository(Person);
    const requested = [{ ...applicant, label: 'applicant' }, ...members.map((m, i) => ({ ...m, label: `members[${i}]` }))];
    const byName = await persons.find({
      where: requested.map((p) => ({ lastNameKey: nameKey(p.lastName), birthDate: p.birthDate })),
      select: { id: true, dossierNumber: true, lastNameKey: true, birthDate: true },
    });
    const duplicates: PossibleDuplicate[] = [];
    for (const p of requested) {
      for (const match of byName.filter((m) => m.lastNameKey === nameKey(p.lastName) && m.birthDate === p.birthDate)) {
        duplicates.push({ personId: match.id, dossierNumber: match.dossierNumber, matches: p.label, reason: 'name_and_birth_date' });
      }
    }
    const byEmail = await persons.find({ where: { email }, select: { id: true, dossierNumber: true } });
    for (const match of byEmail) duplicates.push({ personId: match.id, dossierNumber: match.dossierNumber, matches: 'applicant', reason: 'email' });
    return duplicates;
  }

  private sentence(period: { name: string; opensAt: Date } | null, late: boolean, locale: Locale): string {
    if (!period) {
      return locale === 'en'
        ? 'Your request has been received. No registration period has been announced yet.'
        : "Votre demande a été reçue. Aucune période d'inscription n'est annoncée pour le moment.";
    }
    const when = this.clock.human(period.opensAt, locale);
    if (locale === 'en') {
      return late
        ? `Your request has been received, but less than 72 hours before registration opens (${period.name}, ${when}): you might not receive your dossier number in time to register.`
        : `Your request has been received, in time for the next registration period (${period.name}, ${when}).`;
    }
    return late
      ? `Votre demande a été reçue, mais moins de 72 heures avant la période des inscriptions (${period.name}, ${when}) : vous pourriez ne pas recevoir votre numéro de dossier à temps pour l'inscription.`
      : `Votre demande a été reçue à temps pour la prochaine période d'inscription (${period.name}, ${when}).`;
  }

  /**
   * Rejected requests decided before `before`: the applicant's and members' personal fields cleared,
   * the reference, status, reason, city and times kept (the queue's statistics, a resident quoting
   * the reference). The row stays: the audit log and the staff's figures name it. Retention (Law 25),
   * in the retention job's transaction.
   */
  async anonymiseRejected(manager: EntityManager, before: Date, now: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(DossierRequest)
      .set({
        applicantFirstName: '',
        applicantLastName: '',
        applicantLastNameKey: '',
        applicantBirthDate: '1900-01-01',
        email: '',
        phone: '',
        address: { civicNumber: '', street: '', apartment: null, postalCode: '' },
        members: [],
        possibleDuplicates: [],
        infoQuestion: null,
        decisionNote: null,
        accountId: null,
        anonymizedAt: now,
      })
      .where({ status: 'rejected', anonymizedAt: IsNull(), decidedAt: LessThan(before) })
      .execute();
    return result.affected ?? 0;
  }
}

/** A clerk's text kept on the request or emailed to the applicant: a message body's rules (`FREE_TEXT`). */
function checkText(text: string | null | undefined): void {
  if (text && textProblem(text, FREE_TEXT)) throw new DomainError('text_invalid', 400);
}
