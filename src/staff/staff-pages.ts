import type { Locale } from '../common/locale.js';
import { escapeHtml } from '../notifications/templates.js';
import type { StaffRole } from './staff-user.js';

/** The staff's sign-in and account pages' look (the city's blue header, notices, forms). */
const BASE_STYLE = `body{font-family:Arial,Helvetica,sans-serif;margin:0;background:#f4f4f4;color:#222}
header{background:#00529b;color:#fff;padding:16px 24px;font-weight:bold}
main{max-width:640px;margin:24px auto;padding:0 16px}
.notice{padding:12px 16px;border-radius:4px;margin:16px 0}
.notice.success{background:#e6f4ea;border:2px solid #1e8e3e;color:#0d5326}
.notice.error{background:#fdecea;border:2px solid #c5221f;color:#7a1512}
.result:empty{display:none}
form{background:#fff;padding:16px;border-radius:6px;margin:16px 0}
label{display:block;margin:8px 0 4px}input{width:100%;padding:8px;box-sizing:border-box}
button{margin-top:12px;background:#00529b;color:#fff;border:0;padding:10px 16px;border-radius:4px;font-size:1rem;cursor:pointer}
button:disabled{opacity:.6}
`;

/** Served as /admin/personnel.css: the base look, plus the few pieces of these pages; a file, for the CSP. */
export const STAFF_STYLE = `${BASE_STYLE}header a{color:#fff}
.qr{background:#fff;display:inline-block;padding:8px}.qr svg{width:220px;height:220px;display:block}
.key{display:block;margin-top:.25rem;font-size:1.2rem}
.key,.codes{font-family:"DejaVu Sans Mono",Consolas,monospace;letter-spacing:.05em}
.codes{font-size:1.05rem}
.codes{columns:2;list-style:none;padding:0}
.inline{display:inline;background:none;padding:0;margin:0}
.inline button{margin-top:0}
fieldset{border:0;padding:0;margin:0}legend{font-weight:600}.choice{display:block;margin:.25rem 0}.choice input{width:auto;display:inline}
`;

const NBSP = '\u00a0';

const UI = {
  fr: {
    space: 'Espace du personnel',
    loginTitle: 'Connexion du personnel',
    email: 'Adresse courriel',
    password: 'Mot de passe',
    login: 'Se connecter',
    missing: 'Entrez votre adresse courriel et votre mot de passe.',
    invalid: "L’adresse courriel ou le mot de passe est incorrect.",
    codeTitle: 'Vérification en deux étapes',
    codeIntro: "Entrez le code à 6 chiffres affiché par votre application d’authentification, ou l’un de vos codes de récupération.",
    code: 'Code',
    verify: 'Vérifier',
    codeInvalid: "Ce code n’est pas valide. Entrez le code affiché en ce moment par votre application.",
    enrolTitle: 'Activer la vérification en deux étapes',
    enrolRequired: 'Votre compte doit utiliser la vérification en deux étapes avant de pouvoir accéder au panneau.',
    enrolIntro:
      "Balayez ce code QR avec votre application d’authentification (par exemple Microsoft Authenticator, Google Authenticator ou FreeOTP), puis entrez le code à 6 chiffres qu’elle affiche.",
    manualKey: `Vous ne pouvez pas balayer le code${NBSP}? Entrez plutôt cette clé${NBSP}:`,
    qrCode: 'Code QR de la clé',
    activate: 'Activer',
    enrolled: 'La vérification en deux étapes est activée pour votre compte.',
    recoveryTitle: 'Vos codes de récupération',
    recoveryIntro: `Conservez ces 10 codes en lieu sûr${NBSP}: chacun permet une seule connexion si vous n’avez plus accès à votre application. Ils ne seront plus jamais affichés.`,
    toPanel: 'Continuer vers le panneau',
    account: 'Mon compte',
    language: 'Langue du panneau',
    languageHint: 'Le panneau, ses dates et ces pages s’affichent dans cette langue.',
    save: 'Enregistrer',
    languageSaved: 'Votre langue a été enregistrée.',
    twoStep: 'Vérification en deux étapes',
    twoStepOff: 'La vérification en deux étapes n’est pas activée pour votre compte.',
    enrol: 'Activer la vérification en deux étapes',
    logout: 'Se déconnecter',
    logoutIntro: 'Pour fermer votre session du guichet sur ce navigateur, utilisez ce bouton.',
    passwordTitle: 'Changer mon mot de passe',
    passwordHint: 'Au moins 8 caractères, avec 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole. Vos autres sessions seront fermées.',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Confirmez le nouveau mot de passe',
    changePassword: 'Changer le mot de passe',
    passwordSaved: 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.',
    currentInvalid: 'Le mot de passe actuel est incorrect.',
    newCodes: 'Obtenir de nouveaux codes de récupération',
    newCodesHint: 'Vos anciens codes ne fonctionneront plus. Confirmez avec votre mot de passe.',
    newKey: 'Configurer une nouvelle application',
    newKeyHint: 'Pour un nouveau téléphone : votre clé actuelle reste valide jusqu’à ce que la nouvelle soit confirmée par un code.',
    newCodesTitle: 'Vos nouveaux codes de récupération',
    newCodesDone: 'Vos anciens codes de récupération ne fonctionnent plus.',
    throttledTitle: 'Trop de tentatives',
    throttled: (minutes: number) => `Trop de tentatives de connexion. Réessayez dans ${minutes}${NBSP}minute${minutes > 1 ? 's' : ''}.`,
    busyTitle: 'Service très occupé',
    busy: (seconds: number) => `Le service vérifie en ce moment plus de mots de passe qu’il ne peut en traiter. Réessayez dans ${seconds}${NBSP}seconde${seconds > 1 ? 's' : ''}.`,
    forbiddenTitle: 'Demande refusée',
    forbidden: "Cette demande ne vient pas d’une page du service.",
    deniedTitle: 'Accès refusé',
    denied: (allowed: string) => `Cette page est réservée au personnel qui a le rôle ${allowed}.`,
    deniedYours: (role: string) => `Votre rôle${NBSP}: ${role}. Si vous en avez besoin pour votre travail, demandez-le à un administrateur ou à une administratrice du guichet.`,
    deniedHome: 'Retour à l’accueil du panneau',
    or: 'ou',
    roles: { clerk: 'préposé ou préposée', supervisor: 'superviseur ou superviseure', administrator: 'administrateur ou administratrice' },
  },
  en: {
    space: 'Staff area',
    loginTitle: 'Staff login',
    email: 'Email address',
    password: 'Password',
    login: 'Log in',
    missing: 'Enter your email address and your password.',
    invalid: 'The email address or the password is incorrect.',
    codeTitle: 'Two-step verification',
    codeIntro: 'Enter the 6-digit code shown by your authenticator app, or one of your recovery codes.',
    code: 'Code',
    verify: 'Verify',
    codeInvalid: 'This code is not valid. Enter the code your app shows now.',
    enrolTitle: 'Turn on two-step verification',
    enrolRequired: 'Your account must use two-step verification before you can use the panel.',
    enrolIntro:
      'Scan this QR code with your authenticator app (for example Microsoft Authenticator, Google Authenticator or FreeOTP), then enter the 6-digit code it shows.',
    manualKey: "Can't scan the code? Enter this key instead:",
    qrCode: 'QR code of the key',
    activate: 'Turn on',
    enrolled: 'Two-step verification is on for your account.',
    recoveryTitle: 'Your recovery codes',
    recoveryIntro: 'Keep these 10 codes somewhere safe: each one allows a single login if you lose access to your app. They will never be shown again.',
    toPanel: 'Continue to the panel',
    account: 'My account',
    language: 'Language of the panel',
    languageHint: 'The panel, its dates and these pages are shown in this language.',
    save: 'Save',
    languageSaved: 'Your language was saved.',
    twoStep: 'Two-step verification',
    twoStepOff: 'Two-step verification is not turned on for your account.',
    enrol: 'Turn on two-step verification',
    logout: 'Log out',
    logoutIntro: 'To end your session of the panel in this browser, use this button.',
    passwordTitle: 'Change my password',
    passwordHint: 'At least 8 characters, with 3 of: lowercase letter, uppercase letter, digit, symbol. Your other sessions will end.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    confirmPassword: 'Confirm the new password',
    changePassword: 'Change the password',
    passwordSaved: 'Your password was changed. Your other sessions were ended.',
    currentInvalid: 'The current password is incorrect.',
    newCodes: 'Get new recovery codes',
    newCodesHint: 'Your old codes will stop working. Confirm with your password.',
    newKey: 'Set up a new app',
    newKeyHint: 'For a new phone: your current key works until the new one is confirmed with a code.',
    newCodesTitle: 'Your new recovery codes',
    newCodesDone: 'Your old recovery codes no longer work.',
    throttledTitle: 'Too many attempts',
    throttled: (minutes: number) => `Too many login attempts. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    busyTitle: 'Service very busy',
    busy: (seconds: number) => `The service is checking more passwords right now than it can handle. Try again in ${seconds} second${seconds > 1 ? 's' : ''}.`,
    forbiddenTitle: 'Request refused',
    forbidden: 'This request does not come from a page of the service.',
    deniedTitle: 'Access denied',
    denied: (allowed: string) => `This page is for staff with the role ${allowed}.`,
    deniedYours: (role: string) => `Your role: ${role}. If your work needs it, ask an administrator of the panel.`,
    deniedHome: 'Back to the panel’s home',
    or: 'or',
    roles: { clerk: 'clerk', supervisor: 'supervisor', administrator: 'administrator' },
  },
} as const;

export type StaffUi = (typeof UI)[Locale];

export function staffUi(locale: Locale): StaffUi {
  return UI[locale];
}

interface Page {
  locale: Locale;
  cityName: string;
  title: string;
  body: string;
  /** Shows the logout button (a logged-in page). */
  loggedIn?: boolean;
}

/** Logging out is a POST of the service's own pages (a link elsewhere cannot sign anyone out). */
function logoutForm(locale: Locale, className = 'inline'): string {
  return `<form class="${className}" method="post" action="/admin/logout"><button type="submit">${escapeHtml(UI[locale].logout)}</button></form>`;
}

function layout({ locale, cityName, title, body, loggedIn }: Page): string {
  const ui = UI[locale];
  const logout = loggedIn ? ` ${logoutForm(locale)}` : '';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} — ${escapeHtml(cityName)}</title>
<link rel="stylesheet" href="/admin/personnel.css"></head>
<body><header>${escapeHtml(cityName)} — ${escapeHtml(ui.space)}${logout}</header><main>
<h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function errorBox(message: string | undefined): string {
  return message ? `<div class="notice error" role="alert">${escapeHtml(message)}</div>` : '';
}

export function loginPage(locale: Locale, cityName: string, email = '', error?: string): string {
  const ui = UI[locale];
  return layout({
    locale,
    cityName,
    title: ui.loginTitle,
    body: `${errorBox(error)}<form method="post" action="/admin/login">
<label for="email">${escapeHtml(ui.email)}</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">${escapeHtml(ui.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(ui.login)}</button></form>`,
  });
}

export function codePage(locale: Locale, cityName: string, error?: string): string {
  const ui = UI[locale];
  return layout({
    locale,
    cityName,
    title: ui.codeTitle,
    loggedIn: true,
    body: `${errorBox(error)}<form method="post" action="/admin/login/code"><p>${escapeHtml(ui.codeIntro)}</p>
<label for="code">${escapeHtml(ui.code)}</label><input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required autofocus>
<button type="submit">${escapeHtml(ui.verify)}</button></form>`,
  });
}

export interface EnrolView {
  required: boolean;
  /** The QR code as an SVG element, rendered on the server. */
  qrSvg: string;
  secret: string;
  error?: string;
}

export function enrolPage(locale: Locale, cityName: string, view: EnrolView): string {
  const ui = UI[locale];
  const required = view.required ? `<div class="notice error" role="alert">${escapeHtml(ui.enrolRequired)}</div>` : '';
  // Groups of 4 characters, as authenticator apps show keys.
  const key = view.secret.replace(/(.{4})/g, '$1 ').trim();
  return layout({
    locale,
    cityName,
    title: ui.enrolTitle,
    loggedIn: true,
    body: `${required}${errorBox(view.error)}<form method="post" action="/admin/mon-compte/2fa"><p>${escapeHtml(ui.enrolIntro)}</p>
<div class="qr" role="img" aria-label="${escapeHtml(ui.qrCode)}">${view.qrSvg}</div>
<p>${escapeHtml(ui.manualKey)} <span class="key" data-secret="${escapeHtml(view.secret)}">${escapeHtml(key)}</span></p>
<label for="code">${escapeHtml(ui.code)}</label><input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required>
<button type="submit">${escapeHtml(ui.activate)}</button></form>`,
  });
}

export function recoveryCodesPage(locale: Locale, cityName: string, codes: string[], renewed = false): string {
  const ui = UI[locale];
  return layout({
    locale,
    cityName,
    title: renewed ? ui.newCodesTitle : ui.recoveryTitle,
    loggedIn: true,
    body: `<div class="notice success" role="status">${escapeHtml(renewed ? ui.newCodesDone : ui.enrolled)}</div><p>${escapeHtml(ui.recoveryIntro)}</p>
<ul class="codes">${codes.map((code) => `<li>${escapeHtml(code)}</li>`).join('')}</ul>
<p><a href="/admin">${escapeHtml(ui.toPanel)}</a></p>`,
  });
}

export interface AccountView {
  name: string;
  email: string;
  /** Two-step verification is on. */
  enrolled: boolean;
  /** What was just saved: the language, or the password. */
  saved: 'language' | 'password' | null;
  /** A refused change of password or of the second factor, in the member's language. */
  error?: string;
}

/** The current password, asked again before a change of the password or of the second factor. */
function currentPasswordField(ui: StaffUi, id: string): string {
  return `<label for="${id}">${escapeHtml(ui.currentPassword)}</label><input id="${id}" name="current" type="password" autocomplete="current-password" required>`;
}

/** Each language named in itself, as language menus do. */
const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

export function accountPage(locale: Locale, cityName: string, view: AccountView): string {
  const ui = UI[locale];
  const saved = view.saved ? `<div class="notice success" role="status">${escapeHtml(view.saved === 'password' ? ui.passwordSaved : ui.languageSaved)}</div>` : '';
  const options = (Object.keys(LANGUAGE_NAMES) as Locale[])
    .map((code) => `<label class="choice"><input type="radio" name="locale" value="${code}" lang="${code}"${code === locale ? ' checked' : ''}> <span lang="${code}">${LANGUAGE_NAMES[code]}</span></label>`)
    .join('');
  const twoStep = view.enrolled
    ? `<div class="notice success" role="status">${escapeHtml(ui.enrolled)}</div>
<form method="post" action="/admin/mon-compte/codes"><p>${escapeHtml(ui.newCodesHint)}</p>${currentPasswordField(ui, 'current-codes')}<button type="submit">${escapeHtml(ui.newCodes)}</button></form>
<form method="post" action="/admin/mon-compte/2fa/nouvelle-cle"><p>${escapeHtml(ui.newKeyHint)}</p>${currentPasswordField(ui, 'current-key')}<button type="submit">${escapeHtml(ui.newKey)}</button></form>`
    : `<p>${escapeHtml(ui.twoStepOff)}</p><p><a href="/admin/mon-compte/2fa">${escapeHtml(ui.enrol)}</a></p>`;
  return layout({
    locale,
    cityName,
    title: `${ui.account} — ${view.name}`,
    loggedIn: true,
    body: `${saved}${errorBox(view.error)}<p>${escapeHtml(view.email)}</p>
<form method="post" action="/admin/mon-compte/langue"><fieldset><legend>${escapeHtml(ui.language)}</legend><p>${escapeHtml(ui.languageHint)}</p>${options}</fieldset>
<button type="submit">${escapeHtml(ui.save)}</button></form>
<h2>${escapeHtml(ui.passwordTitle)}</h2>
<form method="post" action="/admin/mon-compte/mot-de-passe"><p>${escapeHtml(ui.passwordHint)}</p>${currentPasswordField(ui, 'current-password')}
<label for="new-password">${escapeHtml(ui.newPassword)}</label><input id="new-password" name="password" type="password" autocomplete="new-password" required>
<label for="confirm-password">${escapeHtml(ui.confirmPassword)}</label><input id="confirm-password" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">${escapeHtml(ui.changePassword)}</button></form>
<h2>${escapeHtml(ui.twoStep)}</h2>${twoStep}
<p><a href="/admin">${escapeHtml(ui.toPanel)}</a></p>`,
  });
}

export function throttledPage(locale: Locale, cityName: string, retryAfterSeconds: number): string {
  const ui = UI[locale];
  return layout({ locale, cityName, title: ui.throttledTitle, body: errorBox(ui.throttled(Math.max(1, Math.ceil(retryAfterSeconds / 60)))) });
}

/** Argon2's queue is full (a registration night): come back in a few seconds. */
export function busyPage(locale: Locale, cityName: string, retryAfterSeconds: number): string {
  const ui = UI[locale];
  return layout({ locale, cityName, title: ui.busyTitle, body: errorBox(ui.busy(Math.max(1, retryAfterSeconds))) });
}

export function forbiddenPage(locale: Locale, cityName: string): string {
  const ui = UI[locale];
  return layout({ locale, cityName, title: ui.forbiddenTitle, body: errorBox(ui.forbidden) });
}

/**
 * A panel page the staff member's role does not open (a clerk at the staff list): which roles it is
 * for, theirs, and the way back home, instead of the API's problem details.
 */
export function accessDeniedPage(locale: Locale, cityName: string, role: StaffRole | undefined, allowed: StaffRole[]): string {
  const ui = UI[locale];
  const names = allowed.map((r) => (locale === 'fr' ? `«${NBSP}${ui.roles[r]}${NBSP}»` : `"${ui.roles[r]}"`));
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${ui.or} ${names.at(-1)}` : (names[0] ?? '');
  const body = `${errorBox(ui.denied(list))}
${role ? `<p>${escapeHtml(ui.deniedYours(ui.roles[role]))}</p>` : ''}
<p><a href="/admin">${escapeHtml(ui.deniedHome)}</a></p>`;
  return layout({ locale, cityName, title: ui.deniedTitle, body, loggedIn: true });
}

/** What GET /admin/logout shows: the button that logs out (a POST), not a logout. */
export function logoutPage(locale: Locale, cityName: string): string {
  const ui = UI[locale];
  return layout({ locale, cityName, title: ui.logout, body: `<p>${escapeHtml(ui.logoutIntro)}</p>${logoutForm(locale, 'logout')}` });
}
