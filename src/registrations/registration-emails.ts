import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import { Activity } from '../activities/activity.entity.js';
import type { Offering } from '../activities/offering.entity.js';
import type { Locale } from '../common/locale.js';
import { REGISTRATION_CONFIG, type RegistrationConfig } from '../config/app-config.js';
import { Person } from '../dossiers/person.entity.js';
import { dueWords } from '../mailbox/thread-rules.js';
import { OutboxService } from '../notifications/outbox.service.js';
import type { OfferingFacts } from '../notifications/templates.js';
import { ClaimPerson } from './claim-person.entity.js';
import type { Registration } from './registration.entity.js';
import type { WaitlistEntry } from './waitlist-entry.entity.js';

/** Some persons registered to (or waiting for) one offering, and their amount in cents. */
export interface OfferingClaim {
  offering: Offering;
  personIds: number[];
  amount: number;
}

/** The longest an offer's reminder comes before its deadline. */
const REMINDER_LEAD_MAX_MS = 12 * 3_600_000;

/**
 * An offer's reminder is due once less than a quarter of its time is left, or less than 12 hours
 * when that is smaller: a 48-hour offer is reminded 12 hours before its end, a 96-hour one too, an
 * 8-hour one 2 hours before.
 */
export function offerReminderDue(offeredAt: Date, expiresAt: Date, now: Date): boolean {
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 && left < Math.min((expiresAt.getTime() - offeredAt.getTime()) / 4, REMINDER_LEAD_MAX_MS);
}

/** How far ahead of now an offer may end and be due for its reminder (the sweep's first filter). */
export function offerReminderHorizon(now: Date): Date {
  return new Date(now.getTime() + REMINDER_LEAD_MAX_MS);
}

/**
 * The registration emails (issue 17): what, who, when, where and how much, to the account that
 * registered or waits, in its language, through the outbox in the caller's transaction (the email
 * exists if and only if the change does). A clerk's registration at the counter has no account
 * (`accountId` null): no email, the clerk tells the family in person.
 */
@Injectable()
export class RegistrationEmails {
  constructor(
    private readonly outbox: OutboxService,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  /** A checkout or an accepted offer: one email listing every offering. */
  async confirmed(manager: EntityManager, accountId: number | null, claims: OfferingClaim[]): Promise<void> {
    const to = await this.recipient(manager, accountId);
    if (!to || !claims.length) return;
    const registrations: OfferingFacts[] = [];
    for (const claim of claims) registrations.push(await this.facts(manager, claim));
    await this.confirmedTo(manager, to, registrations);
  }

  /**
   * The same email from facts its caller read before taking the offerings' lock (a checkout: who
   * to write to, the activity's name, the persons' names), so that the lock is held for the
   * outbox's row only; in the caller's transaction.
   */
  async confirmedTo(manager: EntityManager, to: Recipient, registrations: OfferingFacts[]): Promise<void> {
    if (!registrations.length) return;
    await this.outbox.enqueue(manager, to.email, to.locale, { template: 'registration_confirmed', params: { firstName: to.firstName, registrations } });
  }

  async cancelled(manager: EntityManager, registration: Registration, offering: Offering): Promise<void> {
    const to = await this.recipient(manager, registration.accountId);
    if (!to) return;
    const facts = await this.facts(manager, { offering, personIds: [registration.personId], amount: registration.amount });
    await this.outbox.enqueue(manager, to.email, to.locale, { template: 'registration_cancelled', params: { firstName: to.firstName, registration: facts } });
  }

  async waitlistJoined(manager: EntityManager, accountId: number | null, claim: OfferingClaim, position: number): Promise<void> {
    const to = await this.recipient(manager, accountId);
    if (!to) return;
    const entry = await this.facts(manager, claim);
    await this.outbox.enqueue(manager, to.email, to.locale, {
      template: 'waitlist_joined',
      params: { firstName: to.firstName, entry, position, offerHours: this.config.registration.waitlistOfferHours },
    });
  }

  /** An offer made, or its reminder: the seats held, until when, and what to do. */
  async offer(manager: EntityManager, template: 'waitlist_offer' | 'waitlist_offer_reminder', entry: WaitlistEntry, offering: Offering, expiresAt: Date): Promise<void> {
    const to = await this.recipient(manager, entry.accountId);
    if (!to) return;
    const facts = await this.entryFacts(manager, entry, offering);
    const deadline = dueWords(expiresAt, this.config.cityTimeZone, to.locale);
    await this.outbox.enqueue(manager, to.email, to.locale, { template, params: { firstName: to.firstName, entry: facts, deadline } });
  }

  async offerLapsed(manager: EntityManager, entry: WaitlistEntry, offering: Offering): Promise<void> {
    const to = await this.recipient(manager, entry.accountId);
    if (!to) return;
    const facts = await this.entryFacts(manager, entry, offering);
    await this.outbox.enqueue(manager, to.email, to.locale, { template: 'waitlist_offer_lapsed', params: { firstName: to.firstName, entry: facts } });
  }

  private async recipient(manager: EntityManager, accountId: number | null): Promise<Recipient | null> {
    // A counter registration (no account): nobody to write to.
    if (accountId === null) return null;
    const account = await manager.findOneBy(Account, { id: accountId });
    return account ? recipientOf(account) : null;
  }

  private async entryFacts(manager: EntityManager, entry: WaitlistEntry, offering: Offering): Promise<OfferingFacts> {
    const persons = await manager.find(ClaimPerson, { where: { kind: 'waitlist', claimId: entry.id }, order: { personId: 'ASC' } });
    return this.facts(manager, { offering, personIds: persons.map((p) => p.personId), amount: entry.amount });
  }

  private async facts(manager: EntityManager, { offering, personIds, amount }: OfferingClaim): Promise<OfferingFacts> {
    const activity = offering.activity ?? (await manager.findOneByOrFail(Activity, { id: offering.activityId }));
    const persons = personIds.length ? await manager.findBy(Person, { id: In(personIds) }) : [];
    const byId = new Map(persons.map((p) => [p.id, personName(p)]));
    return offeringFacts(offering, activity.name, personIds.map((id) => byId.get(id)).filter((name): name is string => name !== undefined), amount);
  }
}

/** Who an email goes to: the account's address, first name and language. */
export interface Recipient {
  email: string;
  firstName: string;
  locale: Locale;
}

export function recipientOf(account: { email: string; firstName: string; locale: string }): Recipient {
  return { email: account.email, firstName: account.firstName, locale: account.locale === 'en' ? 'en' : 'fr' };
}

export function personName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

/** What an email says of an offering: the activity, the group, where and when, who, how much. */
export function offeringFacts(offering: Offering, activity: string, persons: string[], amount: number): OfferingFacts {
  return {
    activity,
    group: offering.groupName,
    site: offering.site,
    schedule: { weekday: offering.weekday, startTime: offering.startTime, endTime: offering.endTime, startsOn: offering.startsOn, endsOn: offering.endsOn },
    persons,
    amount,
  };
}
