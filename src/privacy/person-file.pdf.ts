import PDFDocument from 'pdfkit';
import { humanDateTime } from '../common/clock.js';
import type { PersonFile } from './person-file.js';

/** The words of the file's values, in French (the city's language of record). */
const WORDS: Record<string, Record<string, string>> = {
  role: { holder: 'titulaire', adult: 'adulte', spouse: 'conjoint ou conjointe', child: 'enfant' },
  relationship: { spouse: 'conjoint ou conjointe', adult: 'adulte', child: 'enfant' },
  phone: { home: 'maison', mobile: 'cellulaire', work: 'travail', other: 'autre' },
  requestStatus: { submitted: 'Reçue', in_review: 'En traitement', needs_info: 'Renseignements demandés', approved: 'Approuvée', rejected: 'Refusée' },
  names: { applicant: 'la personne est le demandeur', member: 'la personne est un des membres demandés', account: 'faite depuis son compte', email: 'faite avec son adresse courriel', household: 'a créé ou complété sa famille' },
  threadStatus: { open: 'Ouverte', answered: 'Répondue', closed: 'Fermée' },
  category: { address_change: 'Changement d’adresse', member_change: 'Ajout ou retrait d’un membre', correction: 'Correction d’information', other: 'Autre' },
  author: { resident: 'Résident ou résidente', staff: 'Personnel de la Ville' },
  registrationStatus: { confirmed: 'Confirmée', cancelled: 'Annulée' },
  waitlistStatus: { waiting: 'En attente', offered: 'Place offerte', accepted: 'Acceptée', lapsed: 'Offre expirée', left: 'Retirée' },
  action: { create: 'Création', update: 'Modification', delete: 'Suppression', view: 'Consultation', export: 'Exportation du dossier', purge: 'Purge' },
  resource: {
    persons: 'Personne', households: 'Famille', accounts: 'Compte en ligne', dossier_requests: 'Demande de numéro de dossier', threads: 'Conversation',
    registrations: 'Inscription', waitlist: 'Liste d’attente',
  },
  actor: { system: 'Système', resident: 'Résident ou résidente', anonymous: 'Anonyme' },
};
const word = (table: string, value: string) => WORDS[table]?.[value] ?? value;

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 4 mars 2015 » (the 1st as « 1er »). */
export function dayInFrench(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** The characters of Windows-1252 above Latin-1's range, which the PDF's standard fonts draw too. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can draw (WinAnsi: French and the Latin-1 languages): any other letter
 * loses its accent (NFKD), or becomes « ? ». Control characters become spaces.
 */
export function drawable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (char === '\n') out += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || CP1252_EXTRA.has(char)) out += char;
    else {
      const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += [...plain].every((c) => c.codePointAt(0)! <= 0xff) && plain ? plain : '?';
    }
  }
  return out;
}

const money = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} $`;

/**
 * The person's file as a PDF for the person who asked for it: French, instants in the city's time,
 * one section per source. `compress: false` leaves the text readable in the file (the tests).
 */
export function renderPersonFilePdf(file: PersonFile, timeZone: string, { compress = true } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 56, compress, info: { Title: drawable(`Dossier de ${file.person.firstName} ${file.person.lastName}`), Author: 'Service des loisirs' }, lang: 'fr-CA' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const when = (iso: string | null) => (iso ? humanDateTime(new Date(iso), timeZone, 'fr') : '—');
  const text = (value: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(drawable(value), options);
  const line = (label: string, value: string | number | null | undefined) => {
    doc.font('Helvetica-Bold').text(drawable(`${label} : `), { continued: true });
    doc.font('Helvetica').text(drawable(value === null || value === undefined || value === '' ? '—' : String(value)));
  };
  const section = (title: string, count: number) => {
    doc.moveDown(1);
    doc.font('Helvetica-Bold').fontSize(14);
    text(title);
    doc.fontSize(10).font('Helvetica');
    doc.moveDown(0.3);
    if (!count) text('Aucun renseignement.');
  };
  const item = (title: string) => {
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(11);
    text(title);
    doc.font('Helvetica').fontSize(10);
  };

  const p = file.person;
  doc.font('Helvetica-Bold').fontSize(18);
  text('Dossier de renseignements personnels');
  doc.fontSize(14);
  text(`${p.firstName} ${p.lastName} — dossier ${p.dossierNumber}`);
  doc.font('Helvetica').fontSize(9).moveDown(0.3);
  text(`Produit le ${when(file.generatedAt)} (heure de ${timeZone === 'America/Toronto' ? 'l’Est' : timeZone}), en réponse à une demande d’accès (Loi sur l’accès aux documents des organismes publics et sur la protection des renseignements personnels, art. 83). Il réunit ce que le Service des loisirs conserve au sujet de cette personne.`);
  doc.fontSize(10);

  section('Identité', 1);
  line('Nom', p.lastName);
  line('Prénom', p.firstName);
  line('Date de naissance', dayInFrench(p.birthDate));
  line('Numéro de dossier', p.dossierNumber);
  line('Adresse courriel', p.email);
  line('Téléphone', p.phone);
  line('Fiche créée le', when(p.createdAt));
  line('Modifiée le', when(p.updatedAt));

  section('Familles', file.households.length);
  for (const h of file.households) {
    item(`Famille n° ${h.id} — ${h.address}`);
    line('Rôle de la personne', `${word('role', h.role)}${h.dependent ? ', à charge' : ''}`);
    line('Téléphones', h.phones.map((ph) => `${ph.number} (${word('phone', ph.kind)})`).join(' ; '));
    line('Membres', h.members.map((m) => `${m.firstName} ${m.lastName} (${word('role', m.role)})`).join(' ; '));
    line('Créée le', when(h.createdAt));
  }

  section('Comptes en ligne', file.accounts.length);
  for (const a of file.accounts) {
    item(`Compte n° ${a.id} — ${a.email}`);
    line('Nom', `${a.firstName} ${a.lastName}`);
    line('Langue', a.locale === 'en' ? 'anglais' : 'français');
    line('Adresse confirmée le', when(a.emailVerifiedAt));
    line('Dossier lié le', when(a.dossierLinkedAt));
    line('Créé le', when(a.createdAt));
  }

  section('Demandes de numéro de dossier', file.dossierRequests.length);
  for (const r of file.dossierRequests) {
    item(`${r.reference} — ${word('requestStatus', r.status)} (${word('names', r.names)})`);
    if (r.anonymizedAt) line('Anonymisée le', when(r.anonymizedAt));
    line('Demandeur', r.applicant.firstName || r.applicant.lastName ? `${r.applicant.firstName} ${r.applicant.lastName}, né ou née le ${dayInFrench(r.applicant.birthDate)}` : null);
    line('Adresse courriel', r.email);
    line('Téléphone', r.phone);
    line('Adresse', r.address);
    line('Membres demandés', r.members.map((m) => `${m.firstName} ${m.lastName}, ${dayInFrench(m.birthDate)} (${word('relationship', m.relationship)})`).join(' ; '));
    line('Question posée', r.infoQuestion);
    line('Motif du refus', r.rejectionReason);
    line('Note de décision', r.decisionNote);
    line('Reçue le', when(r.createdAt));
    line('Décidée le', when(r.decidedAt));
  }

  section('Conversations avec la boîte des inscriptions', file.threads.length);
  for (const t of file.threads) {
    item(`${t.reference} — ${t.subject || '(sans objet)'}`);
    line('Sujet', word('category', t.category));
    line('Statut', word('threadStatus', t.status));
    line('Adresse courriel', t.email);
    line('Reçue le', when(t.receivedAt));
    for (const m of t.messages) {
      doc.moveDown(0.3);
      doc.font('Helvetica-Oblique');
      text(`${when(m.createdAt)} — ${word('author', m.author)}${m.internal ? ' (note interne du personnel)' : ''}`);
      doc.font('Helvetica');
      text(m.body, { indent: 12 });
    }
    for (const a of t.attachments) line('Pièce jointe', `${a.filename} (${a.contentType}, ${a.size} octets), reçue le ${when(a.createdAt)}`);
  }

  section('Inscriptions aux activités', file.registrations.length);
  for (const r of file.registrations) {
    item(`${r.activity} — ${r.group}`);
    line('Lieu', r.site);
    line('Statut', word('registrationStatus', r.status));
    line('Montant', money(r.amountCents));
    line('Inscrite le', when(r.createdAt));
    if (r.cancelledAt) line('Annulée le', `${when(r.cancelledAt)}${r.cancelReason ? ` (${r.cancelReason})` : ''}`);
  }

  section('Listes d’attente', file.waitlistEntries.length);
  for (const w of file.waitlistEntries) {
    item(`${w.activity} — ${w.group}`);
    line('Statut', word('waitlistStatus', w.status));
    line('Rang', w.rank);
    line('Place offerte le', when(w.offeredAt));
    line('Inscrite le', when(w.createdAt));
  }

  section('Journal des consultations et des modifications', file.auditEntries.length);
  for (const a of file.auditEntries) {
    doc.moveDown(0.2);
    const what = `${word('action', a.action)} — ${word('resource', a.resource)} n° ${a.recordId}`;
    text(`${when(a.occurredAt)} — ${word('actor', a.actor)} — ${what}${a.note ? ` — ${a.note}` : ''}`);
    const changes = Object.entries(a.changes ?? {});
    if (changes.length) text(changes.map(([field, c]) => `${field} : ${shown(c.before)} → ${shown(c.after)}`).join(' ; '), { indent: 12 });
  }

  doc.end();
  return done;
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
