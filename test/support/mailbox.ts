import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { OutboxDispatcher } from '../../src/notifications/outbox-dispatcher.service.js';

export interface ReceivedMail {
  file: string;
  to: string;
  /** The Reply-To address, or '' when the email has none. */
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
}

/** Reads the .eml files the app wrote, after running the outbox dispatcher. */
export class Mailbox {
  constructor(
    private readonly dir: string,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  async all(): Promise<ReceivedMail[]> {
    await this.dispatcher.dispatchDue();
    if (!existsSync(this.dir)) return [];
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.eml')).sort();
    return Promise.all(
      files.map(async (file) => {
        const raw = readFileSync(join(this.dir, file), 'utf8');
        const parsed: ParsedMail = await simpleParser(raw);
        const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
        const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
        return {
          file,
          to: to?.value[0]?.address ?? '',
          replyTo: parsed.replyTo?.value[0]?.address ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: String(parsed.html || ''),
          raw,
          messageId: parsed.messageId ?? '',
          inReplyTo: parsed.inReplyTo ?? '',
          references,
        };
      }),
    );
  }

  async for(address: string): Promise<ReceivedMail[]> {
    return (await this.all()).filter((m) => m.to === address.toLowerCase());
  }

  async last(address: string): Promise<ReceivedMail> {
    const mails = await this.for(address);
    if (!mails.length) throw new Error(`No email for ${address}`);
    return mails[mails.length - 1];
  }
}

/** The first link of an email that carries a token. */
export function linkIn(mail: ReceivedMail): URL {
  const match = mail.text.match(/https?:\/\/\S*token=[A-Za-z0-9_-]+/);
  if (!match) throw new Error(`No link in: ${mail.text}`);
  return new URL(match[0]);
}

export function tokenIn(mail: ReceivedMail): string {
  return linkIn(mail).searchParams.get('token')!;
}
