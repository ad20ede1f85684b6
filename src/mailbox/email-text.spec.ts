import { describe, expect, it } from '@jest/globals';
import { BODY_MAX_CHARS, guessLocale, headersOnly, htmlToText, isAutomatic, limitBody, messageKey, referencedMessageIds, referenceInSubject, safeContentType, safeFilename } from './email-text.js';

describe('emails into the mailbox, as text', () => {
  it('turns HTML into lines of text, without scripts, styles or tags', () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>Bonjour,</p><p>Nous avons <b>déménagé</b>&nbsp;:<br>12, rue Principale</p><ul><li>Léa</li><li>Noé</li></ul><script>alert(1)</script><p>Merci &amp; à bientôt &#233;&#x1F600;</p></body></html>';
    expect(htmlToText(html)).toBe('Bonjour,\n\nNous avons déménagé :\n12, rue Principale\n\n- Léa\n- Noé\n\nMerci & à bientôt é😀');
  });

  it('keeps a body up to 10 000 characters and says when it cut one', () => {
    expect(limitBody('a\r\nb\rc')).toBe('a\nb\nc');
    const long = 'é'.repeat(BODY_MAX_CHARS + 5);
    const kept = limitBody(long);
    expect(kept.startsWith('é'.repeat(BODY_MAX_CHARS) + '\n\n[Message tronqué : 10000 caractères sur 10005')).toBe(true);
  });

  it('answers in English only when the message clearly is', () => {
    expect(guessLocale('Hello, we moved to 12 Main Street. Please update our file. Thank you')).toBe('en');
    expect(guessLocale('Bonjour, nous avons déménagé. Merci de mettre à jour le dossier')).toBe('fr');
    expect(guessLocale('OK')).toBe('fr');
    expect(guessLocale('Bonjour, is it possible de changer mon adresse pour le camp? Merci')).toBe('fr');
  });

  it('finds the reference in a subject and the referenced Message-IDs, the parent first', () => {
    expect(referenceInSubject('RE: [dm-2026-000123] Message reçu')).toBe('DM-2026-000123');
    expect(referenceInSubject('DM-2026-000123 sans crochets')).toBeNull();
    expect(referencedMessageIds('<c@x>', '<a@x> <b@x>\n <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, ['<a@x>', '<b@x>'])).toEqual(['<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, undefined)).toEqual([]);
  });

  it('files an email under its Message-ID, or a digest of its source the same each time', () => {
    expect(messageKey('<abc@exemple.ca>', Buffer.from('x'))).toBe('<abc@exemple.ca>');
    const once = messageKey(undefined, Buffer.from('From: a@b\r\n\r\nHi'));
    expect(once).toMatch(/^<sha256-[0-9a-f]{64}@guichet-loisirs\.invalid>$/);
    expect(messageKey('', Buffer.from('From: a@b\r\n\r\nHi'))).toBe(once);
    expect(messageKey(`<${'x'.repeat(300)}@y>`, Buffer.from('z'))).toMatch(/^<sha256-/);
  });

  it('cleans the names and types of attachments', () => {
    expect(safeFilename('C:\\Users\\léa\\facture "mars".pdf', 1)).toBe('facture mars.pdf');
    expect(safeFilename('../../etc/passwd', 1)).toBe('passwd');
    expect(safeFilename(undefined, 2)).toBe('piece-jointe-2');
    expect(safeFilename('..', 3)).toBe('piece-jointe-3');
    expect(safeContentType('Application/PDF')).toBe('application/pdf');
    expect(safeContentType('text/html; charset=utf-8\r\nX: y')).toBe('application/octet-stream');
  });

  it('recognises automatic messages, which are never acknowledged', () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(isAutomatic(headers({ 'auto-submitted': 'auto-replied' }), 'lea@exemple.ca')).toBe(true);
    expect(isAutomatic(headers({ 'auto-submitted': 'no' }), 'lea@exemple.ca')).toBe(false);
    expect(isAutomatic(headers({ precedence: 'bulk' }), 'lea@exemple.ca')).toBe(true);
    expect(isAutomatic(headers({}), 'MAILER-DAEMON@mx.exemple.ca')).toBe(true);
    expect(isAutomatic(headers({}), 'lea@exemple.ca')).toBe(false);
  });

  it('files an email too large to read from its headers, without those describing its content', () => {
    const header = Buffer.from('From: =?UTF-8?B?TMOpYQ==?= <lea@exemple.ca>\r\nSubject: Vid\xe9o\r\nMessage-ID: <v@exemple.ca>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary="abc"\r\nX-Mailer: Client\r\n\r\n', 'latin1');
    const filed = headersOnly(header, 45 * 1024 * 1024).toString('utf8');
    expect(filed).toBe(
      'From: =?UTF-8?B?TMOpYQ==?= <lea@exemple.ca>\r\nSubject: Vid\ufffdo\r\nMessage-ID: <v@exemple.ca>\r\nX-Mailer: Client\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        '[Courriel trop volumineux (45 Mo ; limite 40 Mo) : son texte et ses pièces jointes ne sont pas conservés, consultez-le dans la boîte de courriel. / Email too large: read it in the mailbox]\r\n',
    );
  });
});
