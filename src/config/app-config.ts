import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { DEFAULT_MAX_WAIT_MS, DEFAULT_THREAD_POOL_SIZE, WAITING_PER_THREAD, type PasswordQueueConfig } from '../security/password-hasher.js';
import { checkPassword } from '../security/password-policy.js';
import { DEFAULT_SLA, parseOfficeHours, type SlaPolicy } from '../calendar/business-calendar.js';
import { parseTimeOfDay } from '../digest/digest-schedule.js';
import { isAcceptableEmail } from '../common/email-address.js';
import { isPublishedSecret } from './published-secrets.js';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'mysql'; url: string; database: string };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  /** Run pending migrations at start-up (under a lock on MySQL/MariaDB); false: a release step runs them. */
  migrationsRun: boolean;
  /** Base URL of this service, used to build links in emails. */
  publicUrl: string;
  /**
   * The origins the service's own pages are served from, for the same-origin check of writes:
   * PUBLIC_URL's alone when it is set; without it (development), the loopback spellings of the
   * service's port (localhost, 127.0.0.1, [::1]), so that a newcomer's http://127.0.0.1:3000/admin works.
   */
  ownOrigins: readonly string[];
  portalUrl: string;
  /** The built portal (`npm run build`: index.html and hashed assets), served at /portail. */
  portalAssetsDir: string;
  smtpUrl: string | null;
  mailDir: string;
  mailFrom: string;
  /**
   * The inscriptions mailbox's address, where residents write and where the emails that invite a
   * reply send it (`Reply-To`): MAILBOX_ADDRESS, else IMAP_URL's user when it is an address; null: none known.
   */
  mailboxAddress: string | null;
  /** Poll period of the outbox dispatcher; 0 disables the timer (tests call it directly). */
  mailDispatchIntervalMs: number;
  /** The inscriptions mailbox's IMAP account (IMAP_URL), polled for residents' emails; null: off. */
  imap: ImapConfig | null;
  /**
   * IMAP_TRUSTED_AUTHSERV_ID: the city's mail server, as it names itself in the `Authentication-Results`
   * headers it adds (RFC 8601), lower-cased. Only its verdicts vouch for an email's sender; null: none is vouched for.
   */
  imapTrustedAuthservId: string | null;
  /** Poll period of the IMAP mailbox; 0 disables the timer (tests call the poller directly). */
  imapPollIntervalMs: number;
  jwtSecret: string;
  sessionSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  cityTimeZone: string;
  /** Shown in emails and pages. */
  cityName: string;
  /** R2: the cities whose households are residents (RESIDENT_CITIES), compared without case or accents. */
  residentCities: readonly string[];
  /** R4–R6: HOLD_MINUTES, WAITING_ROOM_MINUTES, ADMISSION_PER_MINUTE, ADMISSION_MINUTES, WAITLIST_OFFER_HOURS. */
  registration: RegistrationPolicy;
  /** The recreation department's public contact, in every email's footer and on the portal (CITY_CONTACT_EMAIL, CITY_CONTACT_PHONE). */
  cityContactEmail: string;
  cityContactPhone: string;
  /** When the department answers the phone, as free text in each language (CITY_OFFICE_HOURS, CITY_OFFICE_HOURS_EN). */
  cityOfficeHours: { fr: string; en: string };
  /** CITY_LOGO_FILE: the city's logo (SVG or PNG, checked at boot), absolute; null: the shipped one. */
  cityLogoFile: string | null;
  trustProxy: string | false;
  logLevel: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Who must enrol TOTP before using the panel: administrators (default), every staff member, or nobody. */
  staffMfa: StaffMfa;
  /**
   * The staff cookie's `Secure` flag: under NODE_ENV=production, unless STAFF_COOKIE_INSECURE=true
   * (the plain-http demonstration of docker compose only; refused when PUBLIC_URL is https).
   */
  staffCookieSecure: boolean;
  /** The portal's refresh-token cookie's `Secure` flag: the staff cookie's rule (STAFF_COOKIE_INSECURE applies to both). */
  portalCookieSecure: boolean;
  /** Seeds demo households and periods into an empty database (default: the embedded mode of `npm start`). */
  demoData: boolean;
  /** The mailbox's and the requests' due time (M2): SLA_HOURS business hours on SLA_CLOCK (SLA_OFFICE_HOURS for `office-hours`). */
  sla: SlaPolicy;
  /** When the supervisors' morning digest is due on business days (DIGEST_TIME, city time), in seconds past midnight. */
  digestAtSeconds: number;
  /** How often each instance checks whether the digest is due; 0 disables the timer (tests run it directly). */
  digestCheckIntervalMs: number;
  /**
   * argon2's bounded queue: as many at once as libuv has threads (UV_THREADPOOL_SIZE), at most
   * PASSWORD_QUEUE_MAX more admitted, and fewer when they would wait longer than PASSWORD_QUEUE_WAIT_MS.
   */
  passwordQueue: PasswordQueueConfig;
}


export interface ImapConfig {
  host: string;
  port: number;
  /** imaps:// (TLS from the start); imap:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

export type StaffMfa = 'admins' | 'required' | 'optional';
export const STAFF_MFA_VALUES: readonly StaffMfa[] = ['admins', 'required', 'optional'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n - ${problems.join('\n - ')}`);
  }
}

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Secrets of the embedded mode: generated on first start and kept under the data folder, so that
 * tokens survive a restart without anyone having to configure anything.
 */
function embeddedSecrets(dataDir: string): { jwtSecret: string; sessionSecret: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string; sessionSecret?: string };
    if (stored.jwtSecret && stored.sessionSecret) {
      return { jwtSecret: stored.jwtSecret, sessionSecret: stored.sessionSecret };
    }
  }
  const secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    sessionSecret: randomBytes(48).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

function parseDatabase(url: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  if (!url) return { type: 'sqlite', path: join(dataDir, 'guichet.sqlite') };
  if (!isUrl(url, ['mysql:', 'mariadb:'])) {
    problems.push('DATABASE_URL must look like mysql://user:password@host:3306/database');
    return { type: 'sqlite', path: join(dataDir, 'guichet.sqlite') };
  }
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) problems.push('DATABASE_URL must name a database (mysql://host:3306/guichet)');
  parsed.protocol = 'mysql:';
  return { type: 'mysql', url: parsed.toString(), database };
}

export interface RegistrationPolicy {
  /** How often each instance looks for lapsed offers and freed seats (REGISTRATION_SWEEP_INTERVAL_MS; 0: never, tests call the sweep). */
  sweepIntervalMs: number;
  holdMinutes: number;
  waitingRoomMinutes: number;
  admissionPerMinute: number;
  admissionMinutes: number;
  waitlistOfferHours: number;
}

/** A positive number of minutes or hours (decimals allowed: a test runs a 0.05-minute hold). */
function parseDecimal(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a number between ${min} and ${max}`);
    return fallback;
  }
  return value;
}

function parseRegistration(env: Env, problems: string[]): RegistrationPolicy {
  return {
    sweepIntervalMs: parseInteger('REGISTRATION_SWEEP_INTERVAL_MS', nonEmpty(env.REGISTRATION_SWEEP_INTERVAL_MS), 30_000, 0, 3_600_000, problems),
    holdMinutes: parseDecimal('HOLD_MINUTES', nonEmpty(env.HOLD_MINUTES), 20, 0.01, 1440, problems),
    waitingRoomMinutes: parseDecimal('WAITING_ROOM_MINUTES', nonEmpty(env.WAITING_ROOM_MINUTES), 15, 0, 1440, problems),
    admissionPerMinute: parseDecimal('ADMISSION_PER_MINUTE', nonEmpty(env.ADMISSION_PER_MINUTE), 600, 0.01, 1_000_000, problems),
    admissionMinutes: parseDecimal('ADMISSION_MINUTES', nonEmpty(env.ADMISSION_MINUTES), 20, 0.01, 1440, problems),
    waitlistOfferHours: parseDecimal('WAITLIST_OFFER_HOURS', nonEmpty(env.WAITLIST_OFFER_HOURS), 48, 0.001, 24 * 30, problems),
  };
}

/** RESIDENT_CITIES, or the city's name without « Ville de » (SPEC §4). */
function parseResidentCities(raw: string | undefined, cityName: string): string[] {
  const list = (raw ?? cityName.replace(/^Ville d[e'’]\s*/i, '')).split(',').map((city) => city.trim()).filter(Boolean);
  return list.length ? list : [cityName];
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max}`);
    return fallback;
  }
  return value;
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') {
    problems.push(`${name} must be true or false`);
    return fallback;
  }
  return raw === 'true';
}

/** Reads and validates the environment once, at boot (SPEC §4). Throws ConfigError listing every problem. */
/** The loopback names of the service in development, as browsers write them in `Origin`. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = nonEmpty(env.NODE_ENV) ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push('NODE_ENV must be development, production or test');
  }
  const production = nodeEnv === 'production';
  const dataDir = resolve(nonEmpty(env.DATA_DIR) ?? './data');
  const port = parseInteger('PORT', nonEmpty(env.PORT), 3000, 0, 65535, problems);
  const database = parseDatabase(nonEmpty(env.DATABASE_URL), dataDir, problems);

  const smtpUrl = nonEmpty(env.SMTP_URL) ?? null;
  if (smtpUrl && !isUrl(smtpUrl, ['smtp:', 'smtps:'])) problems.push('SMTP_URL must look like smtp://host:port');

  const publicUrl = (nonEmpty(env.PUBLIC_URL) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!isUrl(publicUrl, ['http:', 'https:'])) problems.push('PUBLIC_URL must be an http(s) URL');
  const ownOrigins = nonEmpty(env.PUBLIC_URL) ? [publicUrl] : LOOPBACK_HOSTS.map((host) => `http://${host}:${port}`);
  const portalUrl = (nonEmpty(env.PORTAL_URL) ?? `${publicUrl}/portail`).replace(/\/+$/, '');
  if (!isUrl(portalUrl, ['http:', 'https:'])) problems.push('PORTAL_URL must be an http(s) URL');

  const cityTimeZone = nonEmpty(env.TZ_CITY) ?? 'America/Toronto';
  if (!isTimeZone(cityTimeZone)) problems.push('TZ_CITY must be an IANA time zone such as America/Toronto');

  let jwtSecret = nonEmpty(env.JWT_SECRET);
  let sessionSecret = nonEmpty(env.SESSION_SECRET);
  if (production) {
    if (!jwtSecret) problems.push('JWT_SECRET is required in production');
    if (!sessionSecret) problems.push('SESSION_SECRET is required in production');
    for (const [name, value] of [['JWT_SECRET', jwtSecret], ['SESSION_SECRET', sessionSecret]] as const) {
      if (value && value.length < 32) problems.push(`${name} must be at least 32 characters`);
      else if (value && isPublishedSecret(value)) problems.push(`${name} is a published example value: generate your own (openssl rand -base64 48)`);
    }
  } else if (!jwtSecret || !sessionSecret) {
    const generated = embeddedSecrets(dataDir);
    jwtSecret ??= generated.jwtSecret;
    sessionSecret ??= generated.sessionSecret;
  }

  const adminEmail = nonEmpty(env.ADMIN_EMAIL) ?? null;
  const adminPassword = nonEmpty(env.ADMIN_PASSWORD) ?? null;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together');
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL must be an email address');
  const adminPasswordProblem = adminPassword ? checkPassword(adminPassword) : null;
  if (adminPasswordProblem) {
    problems.push(`ADMIN_PASSWORD does not follow the password policy (${adminPasswordProblem}): at least 8 characters with 3 of lowercase, uppercase, digit, symbol, and not a common password`);
  }
  const staffMfa = (nonEmpty(env.STAFF_MFA) ?? 'admins') as StaffMfa;
  if (!STAFF_MFA_VALUES.includes(staffMfa)) problems.push('STAFF_MFA must be admins, required or optional');

  const cookieInsecure = parseBoolean('STAFF_COOKIE_INSECURE', nonEmpty(env.STAFF_COOKIE_INSECURE), false, problems);
  if (cookieInsecure && publicUrl.startsWith('https:')) {
    problems.push('STAFF_COOKIE_INSECURE=true is for a demonstration over plain http: PUBLIC_URL is https, so the staff cookie must stay Secure');
  }

  const trustProxyRaw = nonEmpty(env.TRUST_PROXY);
  const trustProxy = !trustProxyRaw || trustProxyRaw === 'false' ? false : trustProxyRaw;

  // The demo staff share a password published in this repository (ASVS 2.5.4): a demonstration, never a real (https) site.
  const httpsSite = publicUrl.startsWith('https:');
  const demoData = parseBoolean('DEMO_DATA', nonEmpty(env.DEMO_DATA), database.type === 'sqlite' && nodeEnv === 'development' && !httpsSite, problems);
  if (demoData && httpsSite) {
    problems.push('DEMO_DATA=true creates demo staff whose password is published: for a demonstration over plain http only, not with an https PUBLIC_URL');
  }
  const migrationsRun = parseBoolean('MIGRATIONS_RUN', nonEmpty(env.MIGRATIONS_RUN), true, problems);
  const mailDispatchIntervalMs = parseInteger('MAIL_DISPATCH_INTERVAL_MS', nonEmpty(env.MAIL_DISPATCH_INTERVAL_MS), 1000, 0, 3_600_000, problems);

  // libuv reads UV_THREADPOOL_SIZE itself (1 to 1024) when the pool first starts; the queue follows it.
  const threadPoolSize = parseInteger('UV_THREADPOOL_SIZE', nonEmpty(env.UV_THREADPOOL_SIZE), DEFAULT_THREAD_POOL_SIZE, 1, 1024, problems);
  const passwordQueue: PasswordQueueConfig = {
    concurrency: threadPoolSize,
    maxWaiting: parseInteger('PASSWORD_QUEUE_MAX', nonEmpty(env.PASSWORD_QUEUE_MAX), threadPoolSize * WAITING_PER_THREAD, 0, 100_000, problems),
    maxWaitMs: parseInteger('PASSWORD_QUEUE_WAIT_MS', nonEmpty(env.PASSWORD_QUEUE_WAIT_MS), DEFAULT_MAX_WAIT_MS, 1, 600_000, problems),
  };

  const sla = parseSla(env, problems);
  const imap = parseImap(nonEmpty(env.IMAP_URL), problems);
  const imapTrustedAuthservId = parseAuthservId(nonEmpty(env.IMAP_TRUSTED_AUTHSERV_ID), problems);
  const mailboxAddress = parseMailboxAddress(nonEmpty(env.MAILBOX_ADDRESS), imap, problems);
  const contact = parseContact(env, problems);
  const imapPollIntervalMs = parseInteger('IMAP_POLL_INTERVAL_MS', nonEmpty(env.IMAP_POLL_INTERVAL_MS), 60_000, 0, 86_400_000, problems);
  const digestAtSeconds = parseTimeOfDay(nonEmpty(env.DIGEST_TIME) ?? '07:30');
  if (digestAtSeconds === null) problems.push('DIGEST_TIME must be a time of day such as 07:30 (24 h, in TZ_CITY)');
  const digestCheckIntervalMs = parseInteger('DIGEST_CHECK_INTERVAL_MS', nonEmpty(env.DIGEST_CHECK_INTERVAL_MS), 60_000, 0, 3_600_000, problems);

  const registration = parseRegistration(env, problems);

  if (problems.length) throw new ConfigError(problems);
  return {
    env: nodeEnv as AppConfig['env'],
    port,
    dataDir,
    database,
    migrationsRun,
    publicUrl,
    ownOrigins: ownOrigins.map((url) => new URL(url).origin),
    portalUrl,
    portalAssetsDir: resolve(nonEmpty(env.PORTAL_ASSETS_DIR) ?? join(projectRoot(), 'dist', 'portal')),
    smtpUrl,
    mailDir: resolve(nonEmpty(env.MAIL_DIR) ?? join(dataDir, 'mail')),
    mailFrom: nonEmpty(env.MAIL_FROM) ?? 'Guichet Loisirs <no-reply@guichet-loisirs.local>',
    mailboxAddress,
    mailDispatchIntervalMs,
    imap,
    imapTrustedAuthservId,
    imapPollIntervalMs,
    jwtSecret: jwtSecret!,
    sessionSecret: sessionSecret!,
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlDays: 30,
    cityTimeZone,
    cityName: nonEmpty(env.CITY_NAME) ?? 'Ville de Baie-Comeau',
    residentCities: parseResidentCities(nonEmpty(env.RESIDENT_CITIES), nonEmpty(env.CITY_NAME) ?? 'Ville de Baie-Comeau'),
    registration,
    ...contact,
    trustProxy,
    logLevel: nonEmpty(env.LOG_LEVEL) ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    adminEmail,
    adminPassword,
    staffMfa,
    staffCookieSecure: production && !cookieInsecure,
    portalCookieSecure: production && !cookieInsecure,
    demoData,
    sla,
    digestAtSeconds: digestAtSeconds!,
    digestCheckIntervalMs,
    passwordQueue,
  };
}

/** Baie-Comeau's: the address its help page gives residents, its phone number, its office hours. */
export const CITY_CONTACT_DEFAULTS = {
  email: 'inscriptionsenligne@ville.baie-comeau.qc.ca',
  phone: '418 296-8100',
  officeHours: { fr: 'du lundi au vendredi, de 8 h 30 à 16 h 30', en: 'Monday to Friday, 8:30 a.m. to 4:30 p.m.' },
};
/** CITY_LOGO_FILE's bound: the portal serves the file as it is, on every page. */
export const LOGO_MAX_BYTES = 200_000;
const OFFICE_HOURS_MAX = 120;

type CityContact = Pick<AppConfig, 'cityContactEmail' | 'cityContactPhone' | 'cityOfficeHours' | 'cityLogoFile'>;

function parseContact(env: Env, problems: string[]): CityContact {
  const email = nonEmpty(env.CITY_CONTACT_EMAIL) ?? CITY_CONTACT_DEFAULTS.email;
  if (!isAcceptableEmail(email)) problems.push('CITY_CONTACT_EMAIL must be an email address such as loisirs@ville.example');
  const phone = nonEmpty(env.CITY_CONTACT_PHONE) ?? CITY_CONTACT_DEFAULTS.phone;
  if (!isPhoneNumber(phone)) problems.push('CITY_CONTACT_PHONE must be a phone number such as 418 296-8100 (digits, spaces, parentheses, hyphens, dots, a leading +, an extension « poste 123 »)');
  const fr = nonEmpty(env.CITY_OFFICE_HOURS);
  const en = nonEmpty(env.CITY_OFFICE_HOURS_EN);
  for (const [name, value] of [['CITY_OFFICE_HOURS', fr], ['CITY_OFFICE_HOURS_EN', en]] as const) {
    if (value && !isOneLine(value, OFFICE_HOURS_MAX)) problems.push(`${name} must be one line of text of at most ${OFFICE_HOURS_MAX} characters`);
  }
  // The city's own hours in French beat an English default that may say other hours.
  const officeHours = fr ? { fr, en: en ?? fr } : { fr: CITY_CONTACT_DEFAULTS.officeHours.fr, en: en ?? CITY_CONTACT_DEFAULTS.officeHours.en };
  return { cityContactEmail: email, cityContactPhone: phone, cityOfficeHours: officeHours, cityLogoFile: parseLogoFile(nonEmpty(env.CITY_LOGO_FILE), problems) };
}

/** A North American or international number as people write it: 7 to 15 digits, an optional extension. */
function isPhoneNumber(value: string): boolean {
  const match = /^(\+?[0-9(][0-9 ().-]*[0-9])(?:,? *(?:poste|ext\.?|x) *[0-9]{1,6})?$/i.exec(value);
  if (!match) return false;
  const digits = match[1].replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

function isOneLine(value: string, max: number): boolean {
  return Array.from(value).length <= max && !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(value);
}

/** An SVG or a PNG the portal can serve as the city's logo: it exists, says what it is, and stays small. */
function parseLogoFile(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  const path = resolve(raw);
  const kind = extname(path).toLowerCase();
  const size = existsSync(path) && statSync(path).isFile() ? statSync(path).size : null;
  if (kind !== '.svg' && kind !== '.png') problems.push('CITY_LOGO_FILE must be an .svg or .png file');
  else if (size === null) problems.push(`CITY_LOGO_FILE names no file: ${path}`);
  else if (size === 0 || size >= LOGO_MAX_BYTES) problems.push(`CITY_LOGO_FILE must be smaller than ${LOGO_MAX_BYTES / 1000} kB (it is ${Math.ceil(size / 1000)} kB)`);
  else if (!logoLooksLike(kind, readFileSync(path))) {
    problems.push(kind === '.png' ? 'CITY_LOGO_FILE is not a PNG image' : 'CITY_LOGO_FILE must be an SVG image without scripts (no <script>, on…= handlers or javascript: links)');
  } else return path;
  return null;
}

function logoLooksLike(kind: string, content: Buffer): boolean {
  if (kind === '.png') return content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const text = content.toString('utf8');
  // Served from the portal's origin, an SVG's script would run there.
  return /<svg[\s>]/i.test(text) && !/<script|\son[a-z]+\s*=|javascript:/i.test(text);
}

/** MAILBOX_ADDRESS, or the IMAP account's user when it is an address (it usually is the mailbox's). */
function parseMailboxAddress(raw: string | undefined, imap: ImapConfig | null, problems: string[]): string | null {
  if (!raw) return imap && isAcceptableEmail(imap.user) ? imap.user : null;
  if (!isAcceptableEmail(raw)) {
    problems.push('MAILBOX_ADDRESS must be an email address such as inscriptions@ville.example');
    return null;
  }
  return raw;
}

const IMAP_URL_SHAPE = 'IMAP_URL must look like imaps://user:password@host:993/INBOX (imap:// for a server without TLS; %-encode @ : / in the user and password)';

function parseImap(url: string | undefined, problems: string[]): ImapConfig | null {
  if (!url) return null;
  if (!isUrl(url, ['imap:', 'imaps:'])) {
    problems.push(IMAP_URL_SHAPE);
    return null;
  }
  const parsed = new URL(url);
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return '';
    }
  };
  const user = decode(parsed.username);
  const password = decode(parsed.password);
  const mailbox = decode(parsed.pathname.replace(/^\//, '')) || 'INBOX';
  if (!parsed.hostname || !user || !password) {
    problems.push(`${IMAP_URL_SHAPE}: the host, user and password are required`);
    return null;
  }
  const secure = parsed.protocol === 'imaps:';
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : secure ? 993 : 143, secure, user, password, mailbox };
}

/** A host name (`mx.ville.example`), as the authserv-id of the headers the city's mail server adds. */
function parseAuthservId(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  if (raw.length > 253 || !new RegExp(`^${label}(?:\\.${label})*$`, 'i').test(raw)) {
    problems.push('IMAP_TRUSTED_AUTHSERV_ID must be the host name the city\'s mail server writes in its Authentication-Results headers, such as mx.ville.example');
    return null;
  }
  return raw.toLowerCase();
}

function parseSla(env: Env, problems: string[]): SlaPolicy {
  const hours = parseInteger('SLA_HOURS', nonEmpty(env.SLA_HOURS), DEFAULT_SLA.hours, 1, 2000, problems);
  const clock = nonEmpty(env.SLA_CLOCK) ?? DEFAULT_SLA.clock;
  if (clock !== 'business-day' && clock !== 'office-hours') {
    problems.push('SLA_CLOCK must be business-day or office-hours');
    return DEFAULT_SLA;
  }
  if (clock === 'business-day') return { hours, clock };
  const officeHours = parseOfficeHours(nonEmpty(env.SLA_OFFICE_HOURS) ?? '08:30-12:00,13:00-16:30');
  if (!officeHours) problems.push('SLA_OFFICE_HOURS must list opening hours such as 08:30-12:00,13:00-16:30');
  return { hours, clock, officeHours: officeHours ?? undefined };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/*
 * The configuration by concern. It is read and validated once (`loadConfig`, every problem listed);
 * each service then takes only the slice it needs, so that its constructor says what it depends on.
 */
/** The city and where the service is reached: names, time zone, public and portal addresses, the recreation department's contact, the built portal. */
export type CityConfig = Pick<
  AppConfig,
  'env' | 'cityName' | 'cityTimeZone' | 'publicUrl' | 'portalUrl' | 'ownOrigins' | 'cityContactEmail' | 'cityContactPhone' | 'cityOfficeHours' | 'cityLogoFile' | 'portalAssetsDir'
>;
/** Outgoing email: the transport, the sender, where replies go, the dispatcher's pace. */
export type MailConfig = Pick<AppConfig, 'env' | 'smtpUrl' | 'mailDir' | 'mailFrom' | 'mailboxAddress' | 'mailDispatchIntervalMs'>;
/** The inscriptions mailbox: its IMAP account, which server vouches for senders, its poll, the answer deadlines. */
export type MailboxConfig = Pick<AppConfig, 'imap' | 'imapTrustedAuthservId' | 'imapPollIntervalMs' | 'sla'>;
/** The staff's panel: sessions, cookies, the second factor, the first administrator. */
export type StaffConfig = Pick<AppConfig, 'staffMfa' | 'staffCookieSecure' | 'sessionSecret' | 'adminEmail' | 'adminPassword'>;
/** Residents' tokens and the password queue. */
export type SecurityConfig = Pick<AppConfig, 'jwtSecret' | 'accessTokenTtlSeconds' | 'refreshTokenTtlDays' | 'passwordQueue' | 'trustProxy' | 'portalCookieSecure' | 'ownOrigins' | 'portalUrl'>;
/** Background work: the morning digest and the demo data. */
export type JobsConfig = Pick<AppConfig, 'digestAtSeconds' | 'digestCheckIntervalMs' | 'demoData'>;

export const CITY_CONFIG = Symbol('CITY_CONFIG');
export const MAIL_CONFIG = Symbol('MAIL_CONFIG');
export const MAILBOX_CONFIG = Symbol('MAILBOX_CONFIG');
export const STAFF_CONFIG = Symbol('STAFF_CONFIG');
export const SECURITY_CONFIG = Symbol('SECURITY_CONFIG');
export const JOBS_CONFIG = Symbol('JOBS_CONFIG');
/** Activities and registrations: residency, holds, the waiting room, the waitlist (R2–R6). */
export type RegistrationConfig = Pick<AppConfig, 'residentCities' | 'registration' | 'cityTimeZone' | 'cityName' | 'portalUrl'>;
export const REGISTRATION_CONFIG = Symbol('REGISTRATION_CONFIG');
/** Every slice's token: ConfigModule provides each from the one validated configuration. */
export const CONFIG_SLICES = [CITY_CONFIG, MAIL_CONFIG, MAILBOX_CONFIG, STAFF_CONFIG, SECURITY_CONFIG, JOBS_CONFIG, REGISTRATION_CONFIG] as const;
