import type { Locale } from '../common/locale.js';
import { escapeHtml } from '../notifications/templates.js';

export type Notice = 'account_confirmed' | 'link_expired' | 'link_invalid' | 'password_changed';
export const NOTICES: readonly Notice[] = ['account_confirmed', 'link_expired', 'link_invalid', 'password_changed'];

const NOTICE_TEXT: Record<Notice, { kind: 'success' | 'error'; text: Record<Locale, string> }> = {
  account_confirmed: {
    kind: 'success',
    text: {
      fr: 'Votre compte a été créé. Vous pouvez maintenant vous connecter.',
      en: 'Your account has been created. You can now log in.',
    },
  },
  link_expired: {
    kind: 'error',
    text: {
      fr: "Ce lien a expiré : il est valide pour 24 heures. Demandez un nouveau courriel de confirmation.",
      en: 'This link has expired: it is valid for 24 hours. Ask for a new confirmation email.',
    },
  },
  link_invalid: {
    kind: 'error',
    text: {
      fr: "Ce lien n'est pas valide ou a déjà été utilisé. Demandez un nouveau courriel de confirmation.",
      en: 'This link is not valid or has already been used. Ask for a new confirmation email.',
    },
  },
  password_changed: {
    kind: 'success',
    text: { fr: 'Votre mot de passe a été modifié. Connectez-vous avec le nouveau.', en: 'Your password has been changed. Log in with the new one.' },
  },
};

const UI = {
  fr: {
    title: "Plateforme d'inscription en ligne",
    home: 'Accueil',
    resendTitle: 'Recevoir un nouveau lien de confirmation',
    forgotTitle: 'Mot de passe oublié',
    resetTitle: 'Choisir un nouveau mot de passe',
    confirmTitle: 'Confirmer votre adresse courriel',
    confirmIntro: 'Dernière étape avant la création de votre compte\u00a0: confirmez que cette adresse courriel est bien la vôtre.',
    confirmButton: 'Confirmer mon adresse courriel',
    email: 'Courriel',
    password: 'Mot de passe',
    confirm: 'Confirmer le mot de passe',
    send: 'Envoyer',
    save: 'Confirmer',
    sent: 'Si un compte existe pour cette adresse, un courriel vient d’être envoyé. Il peut se retrouver dans vos courriels indésirables.',
    rule: "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.",
    api: 'Documentation de l’API',
  },
  en: {
    title: 'Online registration platform',
    home: 'Home',
    resendTitle: 'Get a new confirmation link',
    forgotTitle: 'Forgot your password',
    resetTitle: 'Choose a new password',
    confirmTitle: 'Confirm your email address',
    confirmIntro: 'One last step before your account is created: confirm that this email address is yours.',
    confirmButton: 'Confirm my email address',
    email: 'Email',
    password: 'Password',
    confirm: 'Confirm the password',
    send: 'Send',
    save: 'Confirm',
    sent: 'If an account exists for this address, an email has just been sent. It may land in your junk mail.',
    rule: 'Your password must be at least 8 characters long and contain 3 of the following: lowercase letter, uppercase letter, digit, symbol.',
    api: 'API documentation',
  },
} as const;

interface FormSpec {
  id: string;
  action: string;
  fields: string;
  button: string;
  /** Shown when the API accepts. */
  success: string;
  /** Where the browser goes then, if anywhere: an absolute URL (the portal's home is PORTAL_URL). */
  next?: string;
}

/** A small form that posts JSON to the API and shows the answer (the problem's field messages on error); portal.js drives it. */
function form({ id, action, fields, button, success, next }: FormSpec): string {
  const nextAttribute = next ? ` data-next="${escapeHtml(next)}"` : '';
  return `<form id="${id}" data-action="${action}"${nextAttribute} data-success="${escapeHtml(success)}">${fields}
<button type="submit">${escapeHtml(button)}</button><div class="result" role="status"></div></form>`;
}

/** Served as /portail/portail.js: a file rather than an inline script, so that the CSP can forbid inline scripts. */
export const PORTAL_SCRIPT = `for (const f of document.querySelectorAll('form[data-action]')) {
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = f.querySelector('.result');
    const button = f.querySelector('button');
    const body = Object.fromEntries(new FormData(f));
    button.disabled = true;
    try {
      const res = await fetch(f.dataset.action, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': document.documentElement.lang }, body: JSON.stringify(body) });
      if (res.ok) { out.className = 'result notice success'; out.textContent = f.dataset.success; if (f.dataset.next) location.href = f.dataset.next; return; }
      const p = await res.json().catch(() => ({}));
      out.className = 'result notice error';
      out.textContent = [p.detail].concat((p.errors || []).map((x) => x.message)).filter(Boolean).join(' ');
    } finally {
      button.disabled = false;
    }
  });
}
`;

/** Served as /portail/portail.css, for the same reason. */
export const PORTAL_STYLE = `body{font-family:Arial,Helvetica,sans-serif;margin:0;background:#f4f4f4;color:#222}
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

function layout(locale: Locale, cityName: string, content: string): string {
  const ui = UI[locale];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(cityName)} — ${escapeHtml(ui.title)}</title>
<link rel="stylesheet" href="/portail/portail.css"><script src="/portail/portail.js" defer></script></head>
<body><header>${escapeHtml(cityName)} — ${escapeHtml(ui.title)}</header><main>${content}
<p><a href="/api/docs">${escapeHtml(ui.api)}</a></p></main></body></html>`;
}

/** The notice box, and the resend form after a dead link. */
function noticeContent(locale: Locale, notice: Notice | undefined): string {
  const ui = UI[locale];
  const box = notice
    ? `<div class="notice ${NOTICE_TEXT[notice].kind}" role="alert" data-notice="${notice}">${escapeHtml(NOTICE_TEXT[notice].text[locale])}</div>`
    : '';
  const resend =
    notice === 'link_expired' || notice === 'link_invalid'
      ? `<h2>${escapeHtml(ui.resendTitle)}</h2>` +
        form({
          id: 'resend',
          action: '/api/v1/auth/resend-verification',
          fields: `<label>${ui.email}<input name="email" type="email" autocomplete="email" required></label>`,
          button: ui.send,
          success: ui.sent,
        })
      : '';
  return `${box}<h1>${escapeHtml(ui.title)}</h1>${resend}`;
}

export function homePage(locale: Locale, cityName: string, notice: string | undefined): string {
  return layout(locale, cityName, noticeContent(locale, NOTICES.find((n) => n === notice)));
}

/**
 * The page the confirmation email opens (A4). Opening it changes nothing (mail scanners open every
 * link): only its button confirms. A link that can no longer confirm shows its notice at once.
 */
export function confirmationPage(locale: Locale, cityName: string, portalUrl: string, token: string, state: Notice | 'usable'): string {
  if (state !== 'usable') return layout(locale, cityName, noticeContent(locale, state));
  const ui = UI[locale];
  return layout(
    locale,
    cityName,
    `<h1>${escapeHtml(ui.confirmTitle)}</h1><p>${escapeHtml(ui.confirmIntro)}</p>` +
      form({
        id: 'confirm',
        action: '/api/v1/auth/verify-email',
        fields: `<input type="hidden" name="token" value="${escapeHtml(token)}">`,
        button: ui.confirmButton,
        success: NOTICE_TEXT.account_confirmed.text[locale],
        next: `${portalUrl}?notice=account_confirmed`,
      }),
  );
}

export function forgotPage(locale: Locale, cityName: string): string {
  const ui = UI[locale];
  return layout(
    locale,
    cityName,
    `<h1>${escapeHtml(ui.forgotTitle)}</h1>` +
      form({
        id: 'forgot',
        action: '/api/v1/auth/password/forgot',
        fields: `<label>${ui.email}<input name="email" type="email" autocomplete="email" required></label>`,
        button: ui.send,
        success: ui.sent,
      }),
  );
}

export function resetPage(locale: Locale, cityName: string, portalUrl: string, token: string): string {
  const ui = UI[locale];
  const fields =
    `<input type="hidden" name="token" value="${escapeHtml(token)}"><p>${escapeHtml(ui.rule)}</p>` +
    `<label>${ui.password}<input name="password" type="password" autocomplete="new-password" required></label>` +
    `<label>${ui.confirm}<input name="passwordConfirmation" type="password" autocomplete="new-password" required></label>`;
  return layout(
    locale,
    cityName,
    `<h1>${escapeHtml(ui.resetTitle)}</h1>` +
      form({
        id: 'reset',
        action: '/api/v1/auth/password/reset',
        fields,
        button: ui.save,
        success: NOTICE_TEXT.password_changed.text[locale],
        next: `${portalUrl}?notice=password_changed`,
      }),
  );
}
