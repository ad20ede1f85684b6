import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CITY_CONFIG, MAIL_CONFIG, type CityConfig, type MailConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import type { Locale } from '../common/locale.js';
import { insertRow } from '../database/insert-row.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { renderEmail, type EmailContext, type EmailTemplate } from './templates.js';

/** The headers that thread an email in the resident's mail client (RFC 5322 §3.6.4). */
export interface EmailThreading {
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
}

/** Writes emails to the outbox inside the caller's transaction: the email exists if and only if the change does. */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(CITY_CONFIG) private readonly city: CityConfig,
    @Inject(MAIL_CONFIG) private readonly mail: MailConfig,
    private readonly clock: Clock,
  ) {}

  /** What every email shows besides its own text: the city, the portal, the department's contact, the mailbox. */
  private context(): EmailContext {
    const { cityName, portalUrl, cityContactEmail, cityContactPhone, cityOfficeHours } = this.city;
    return {
      cityName,
      year: Number(this.clock.today().slice(0, 4)),
      portalUrl,
      contact: { email: cityContactEmail, phone: cityContactPhone, officeHours: cityOfficeHours },
      mailboxAddress: this.mail.mailboxAddress,
    };
  }

  /** Returns the message's id. `threading`: the email's Message-ID and what it answers (the mailbox's emails). */
  async enqueue(manager: EntityManager, recipient: string, locale: Locale, email: EmailTemplate, threading: EmailThreading = {}): Promise<number> {
    const now = this.clock.now();
    const rendered = renderEmail(email, locale, this.context());
    return insertRow(manager, OutboxMessage, {
      template: email.template,
      recipient,
      locale,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      messageId: threading.messageId ?? null,
      inReplyTo: threading.inReplyTo ?? null,
      threadReferences: threading.references?.length ? threading.references.join(' ') : null,
    });
  }

  /**
   * Records a request whose outcome depends on who owns the address (a new confirmation link, a
   * reset link): the request path writes this one row whatever the address, so that its answer and
   * its time tell nothing (A5). The dispatcher resolves it later, off the request path, with the
   * resolver registered for `kind` (`OutboxDispatcher.resolveWith`), which may enqueue emails or none.
   */
  async defer(manager: EntityManager, recipient: string, locale: Locale, kind: string): Promise<number> {
    return insertRow(manager, OutboxMessage, {
      template: kind,
      recipient,
      locale,
      subject: '',
      textBody: null,
      htmlBody: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: this.clock.now(),
    });
  }
}
