import { createHash } from 'node:crypto';
import type { Locale } from '../common/locale.js';
import { BODY_MAX, THREAD_REFERENCE_PATTERN } from './thread-rules.js';

/** An email's body is stored up to a message body's length; the rest is cut, and a note says so. */
export const BODY_MAX_CHARS = BODY_MAX;
/** An attachment above this size is not kept; a note in the message names it. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** An email above this size is filed from its headers only, with a note: it is never read whole into memory. */
export const MESSAGE_MAX_BYTES = 40 * 1024 * 1024;

/** Megabytes as the notes write them: « 10,5 ». */
export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('fr-CA', { maximumFractionDigits: 1 });
}

/**
 * An email too large to read, as it is filed: its own header fields (sender, subject, Message-ID,
 * In-Reply-To… so that it is threaded and filed once like any other), minus those describing its
 * content, and a note for the text.
 */
export function headersOnly(header: Buffer, size: number): Buffer {
  const fields = header
    .toString('latin1')
    .replace(/\r?\n\r?\n[\s\S]*$/, '')
    .split(/\r?\n(?![ \t])/)
    .filter((field) => field.trim() && !/^(content-[\w-]*|mime-version)\s*:/i.test(field));
  const note = `[Courriel trop volumineux (${megabytes(size)} Mo ; limite ${megabytes(MESSAGE_MAX_BYTES)} Mo) : son texte et ses pièces jointes ne sont pas conservés, consultez-le dans la boîte de courriel. / Email too large: read it in the mailbox]`;
  return Buffer.concat([
    Buffer.from(fields.join('\r\n'), 'latin1'),
    Buffer.from(`\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${note}\r\n`, 'utf8'),
  ]);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
  });
}

/**
 * A small HTML → text for the rare email mailparser gives no text for: blocks become lines, list
 * items « - », everything else loses its tags. The result is only ever stored and shown as text.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/?(p|div|tr|table|ul|ol|h[1-6]|blockquote|section|article|header|footer)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text as stored: line ends normalised, at most BODY_MAX_CHARS characters, and a note when cut. */
export function limitBody(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '').trim();
  const chars = Array.from(normalised);
  if (chars.length <= BODY_MAX_CHARS) return normalised;
  return `${chars.slice(0, BODY_MAX_CHARS).join('')}\n\n[Message tronqué : ${BODY_MAX_CHARS} caractères sur ${chars.length} conservés / Message truncated]`;
}

const ENGLISH = new Set(['the', 'and', 'is', 'are', 'my', 'our', 'we', 'you', 'your', 'to', 'of', 'for', 'with', 'have', 'has', 'would', 'please', 'thank', 'thanks', 'hello', 'hi', 'dear', 'this', 'that', 'it', 'be', 'was', 'will', 'can', 'regards', 'i']);
const FRENCH = new Set(['le', 'la', 'les', 'et', 'est', 'sont', 'mon', 'ma', 'mes', 'notre', 'nous', 'vous', 'votre', 'de', 'des', 'du', 'pour', 'avec', 'je', 'merci', 'bonjour', 'une', 'un', 'au', 'aux', 'que', 'qui', 'pas', 'ce', 'cette', 'sur', 'dans', 'svp', 'cordialement', 'salutations']);

/**
 * The language of the acknowledgement: French, unless the message is clearly English (many more
 * English words than French ones). French is the city's language; a doubt keeps it.
 */
export function guessLocale(text: string): Locale {
  let english = 0;
  let french = 0;
  for (const word of text.toLowerCase().slice(0, 2000).split(/[^a-zàâçéèêëîïôûùüÿœæ']+/)) {
    if (ENGLISH.has(word)) english++;
    if (FRENCH.has(word)) french++;
  }
  return english >= 3 && english > 3 * french ? 'en' : 'fr';
}

const REFERENCE_IN_SUBJECT = new RegExp(`\\[(${THREAD_REFERENCE_PATTERN})\\]`, 'i');

/** `[DM-2026-000123]` anywhere in a subject. */
export function referenceInSubject(subject: string): string | null {
  return REFERENCE_IN_SUBJECT.exec(subject)?.[1]?.toUpperCase() ?? null;
}

/** Every `<id>` of In-Reply-To and References, most recent first (the parent, then up the chain). */
export function referencedMessageIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const ids = (text: string) => text.match(/<[^<>\s]{1,250}>/g) ?? [];
  const chain = [...ids(inReplyTo ?? ''), ...ids([references ?? []].flat().join(' ')).reverse()];
  return [...new Set(chain)].slice(0, 50);
}

/**
 * The key an email is filed under once: its Message-ID, or without one (or one too long for the
 * column) a digest of the whole raw message, the same at every poll.
 */
export function messageKey(messageId: string | undefined, raw: Buffer): string {
  const id = messageId?.trim();
  if (id && id.length <= 255 && /^<[^<>\s]+>$/.test(id)) return id;
  return `<sha256-${createHash('sha256').update(raw).digest('hex')}@guichet-loisirs.invalid>`;
}

/** A name to offer for download: no folders, no control characters, at most 255 characters. */
export function safeFilename(name: string | undefined, index: number): string {
  const cleaned = Array.from((name ?? '').replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"]/g, '').trim()).slice(0, 255).join('');
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : `piece-jointe-${index}`;
}

/** `type/subtype` as the email declared it, else application/octet-stream. */
export function safeContentType(contentType: string | undefined): string {
  const type = (contentType ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,48}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,48}$/.test(type) ? type : 'application/octet-stream';
}

/**
 * An automatic message (an absence notice, a bounce, a list's mail): filed, but never acknowledged,
 * or two robots would answer each other forever (RFC 3834).
 */
export function isAutomatic(header: (name: string) => string | undefined, sender: string): boolean {
  const autoSubmitted = header('auto-submitted')?.toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(header('precedence') ?? '')) return true;
  if (header('list-id') || header('x-autoreply') || header('x-autorespond')) return true;
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i.test(sender);
}
