import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config/app-config.js';

export interface OutgoingMail {
  messageId: string;
  inReplyTo?: string;
  /** Space-separated Message-IDs, oldest first. */
  references?: string;
  from: string;
  /** Where a reply goes, when not to `from` (the inscriptions mailbox). */
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Used to name the file in the file mode. */
  tag: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file' | 'custom';
  /** Resolves once the message is accepted; returns where it went (an SMTP response or a file path). */
  send(mail: OutgoingMail): Promise<string>;
  /** Resolves when the server answers (SMTP: connects and greets), without sending anything. */
  verify?(): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

function toNodemailer(mail: OutgoingMail) {
  const { messageId, inReplyTo, references, from, replyTo, to, subject, text, html } = mail;
  return { messageId, inReplyTo, references, from, replyTo, to, subject, text, html };
}

/**
 * Bounds on one SMTP send (nodemailer's defaults are 2 min to connect and 10 min of silence): a
 * send must end well within the outbox's lease (LEASE_MS, 60 s), or another instance could take the
 * message over and send it too. Query parameters of SMTP_URL override them.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 };

class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(url: string) {
    this.transporter = nodemailer.createTransport({ ...SMTP_TIMEOUTS, url });
  }

  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter.sendMail(toNodemailer(mail));
    return String(info.response ?? info.messageId);
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }
}

/** Without SMTP_URL: each message becomes an .eml file that any mail client opens. */
class FileTransport implements MailTransport {
  readonly kind = 'file';
  private readonly transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter.sendMail(toNodemailer(mail));
    mkdirSync(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(this.dir, `${stamp}-${mail.tag}.eml`);
    writeFileSync(file, info.message as Buffer);
    return file;
  }
}

export function createMailTransport(config: Pick<MailConfig, 'smtpUrl' | 'mailDir'>): MailTransport {
  return config.smtpUrl ? new SmtpTransport(config.smtpUrl) : new FileTransport(config.mailDir);
}
