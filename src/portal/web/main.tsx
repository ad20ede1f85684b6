import { render, type JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { matchPage, type PortalPage } from '../portal-routes';
import { isLoggedIn, logout, onSessionChange, refreshSession, setApiLocale, type Locale } from './api';
import { boot } from './boot';
import { AccountPage } from './pages/account';
import { ActivatePage, DossierRequestPage, LinkDossierPage } from './pages/dossier';
import { FamilyPage, RequestsPage } from './pages/family';
import { MessagesPage, NewMessagePage, ThreadPage } from './pages/messages';
import { ActivitiesPage, RegistrationsPage, WaitingRoomPage } from './pages/activities';
import { ConfirmationPage, EmailSentPage, ForgotPasswordPage, HelpPage, HomePage, LoginPage, NotFoundPage, ResetPasswordPage, SignupPage } from './pages/public';
import { fetchMe, SessionContext, useSession, type Me, type Session } from './session';
import { BASE, flash, Link, Loading, LocaleContext, navigate, Notice, onRouteChange, useFlash, useT } from './ui';
import './styles.css';

type PageComponent = (props: { params: Record<string, string> }) => JSX.Element;

/** Each page, and whether it needs a logged-in resident (then /connexion first, and back). */
const PAGES: Record<PortalPage, { component: PageComponent; auth?: boolean }> = {
  home: { component: HomePage },
  login: { component: LoginPage },
  signup: { component: SignupPage },
  emailSent: { component: EmailSentPage },
  confirmation: { component: ConfirmationPage },
  forgotPassword: { component: ForgotPasswordPage },
  resetPassword: { component: ResetPasswordPage },
  activate: { component: ActivatePage, auth: true },
  link: { component: LinkDossierPage, auth: true },
  dossierRequest: { component: DossierRequestPage },
  family: { component: FamilyPage, auth: true },
  messages: { component: MessagesPage, auth: true },
  newMessage: { component: NewMessagePage, auth: true },
  thread: { component: ThreadPage, auth: true },
  requests: { component: RequestsPage, auth: true },
  account: { component: AccountPage, auth: true },
  activities: { component: ActivitiesPage },
  registrations: { component: RegistrationsPage, auth: true },
  waitingRoom: { component: WaitingRoomPage, auth: true },
  help: { component: HelpPage },
};

function currentPath(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return path === '/' ? '' : path;
}

function Header({ locale, setLocale }: { locale: Locale; setLocale: (locale: Locale) => void }): JSX.Element {
  const t = useT();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  useEffect(() => onRouteChange(() => setOpen(false)), []);
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return (
    <header class="site-header">
      <div class="bar">
        <Link to="" class="brand">
          <img src={`${BASE}/logo`} alt="" width="40" height="40" />
          <span>{boot.cityName}</span>
        </Link>
        <div class="tools">
          <button type="button" class="lang" lang={other} onClick={() => setLocale(other)}>
            {other === 'en' ? 'English' : 'Français'}
          </button>
          {me ? null : (
            <span class="account-links">
              <Link to="/connexion">{t('Connexion', 'Log in')}</Link>
              <Link to="/creer-un-compte" class="strong">
                {t('Créer un compte', 'Create an account')}
              </Link>
            </span>
          )}
        </div>
      </div>
      <nav aria-label={t('Navigation principale', 'Main navigation')} class={open ? 'open' : ''}>
        <button type="button" class="menu" aria-expanded={open ? 'true' : 'false'} aria-controls="menu-principal" onClick={() => setOpen(!open)}>
          {t('Menu', 'Menu')}
        </button>
        <ul id="menu-principal">
          <li>
            <Link to="/activites">{t('Activités', 'Activities')}</Link>
          </li>
          {me ? (
            <>
              <li>
                <Link to="/mes-inscriptions">{t('Mes inscriptions', 'My registrations')}</Link>
              </li>
              <li>
                <Link to="/ma-famille">{t('Ma famille', 'My family')}</Link>
              </li>
              <li>
                <Link to="/messages">{t('Mes messages', 'My messages')}</Link>
              </li>
              <li>
                <Link to="/mes-demandes">{t('Mes demandes', 'My requests')}</Link>
              </li>
              <li>
                <Link to="/mon-compte">{t('Mon compte', 'My account')}</Link>
              </li>
              <li>
                <button
                  type="button"
                  class="link"
                  onClick={async () => {
                    await logout();
                    flash({ kind: 'success', text: t('Vous êtes déconnecté.', 'You are logged out.') });
                    navigate('');
                  }}
                >
                  {t('Se déconnecter', 'Log out')}
                </button>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
    </header>
  );
}

function Footer(): JSX.Element {
  const t = useT();
  const { contact } = boot;
  return (
    <footer class="site-footer">
      <div>
        <p class="footer-title">
          {t('Service des loisirs', 'Recreation department')} — {boot.cityName}
        </p>
        {contact.email ? (
          <p>
            {t('Courriel', 'Email')} : <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </p>
        ) : null}
        {contact.phone ? (
          <p>
            {t('Téléphone', 'Phone')} : <a href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>{contact.phone}</a>
          </p>
        ) : null}
        {contact.hours ? (
          <p>
            {t('Heures d’ouverture', 'Office hours')} : {contact.hours}
          </p>
        ) : null}
      </div>
      <ul>
        <li>
          <Link to="/aide">{t('Aide', 'Help')}</Link>
        </li>
        <li>
          <Link to="/demande-de-numero-de-dossier">{t('Demande de numéro de dossier', 'Dossier number request')}</Link>
        </li>
      </ul>
    </footer>
  );
}

function FlashBox(): JSX.Element | null {
  const [notice, dismiss] = useFlash();
  const t = useT();
  if (!notice) return null;
  return (
    <div class="flash">
      <Notice kind={notice.kind} role="alert">
        <p>{notice.text}</p>
        {notice.link ? (
          <p>
            <Link to={notice.link.to}>{notice.link.label}</Link>
          </p>
        ) : null}
        <button type="button" class="close" onClick={dismiss} aria-label={t('Fermer le message', 'Close the message')}>
          ×
        </button>
      </Notice>
    </div>
  );
}

function App(): JSX.Element {
  const [locale, setLocaleState] = useState<Locale>(boot.locale);
  const [path, setPath] = useState(currentPath());
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  const reload = async (): Promise<Me | null> => {
    if (!isLoggedIn() && !(await refreshSession())) {
      setMe(null);
      return null;
    }
    const answer = await fetchMe();
    const value = answer.ok ? answer.data : null;
    setMe(value);
    return value;
  };

  useEffect(() => {
    void reload().finally(() => setReady(true));
    const offRoute = onRouteChange(() => setPath(currentPath()));
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    const offSession = onSessionChange(() => {
      if (!isLoggedIn()) setMe(null);
    });
    return () => {
      offRoute();
      offSession();
      window.removeEventListener('popstate', onPop);
    };
  }, []);

  const setLocale = (value: Locale) => {
    setLocaleState(value);
    setApiLocale(value);
    document.documentElement.lang = value;
    document.cookie = `guichet_langue=${value}; Path=/portail; Max-Age=31536000; SameSite=Lax`;
  };

  const session = useMemo<Session>(() => ({ me, ready, reload }), [me, ready]);
  const match = boot.notFound && path === boot.initialPath ? null : matchPage(path);
  const entry = match ? PAGES[match.page] : null;
  let content: JSX.Element;
  if (!entry || !match) content = <NotFoundPage />;
  else if (entry.auth && !ready) content = <Loading />;
  else if (entry.auth && !me) content = <RedirectToLogin path={path} />;
  else content = <entry.component params={match.params} />;

  return (
    <LocaleContext.Provider value={locale}>
      <SessionContext.Provider value={session}>
        <a class="skip" href="#contenu">
          {locale === 'fr' ? 'Aller au contenu' : 'Skip to content'}
        </a>
        <Header locale={locale} setLocale={setLocale} />
        <FlashBox />
        <main id="contenu" tabIndex={-1}>
          {content}
        </main>
        <Footer />
      </SessionContext.Provider>
    </LocaleContext.Provider>
  );
}

function RedirectToLogin({ path }: { path: string }): JSX.Element {
  const t = useT();
  useEffect(() => {
    flash({ kind: 'info', text: t('Connectez-vous pour voir cette page.', 'Log in to see this page.') });
    navigate(`/connexion?retour=${encodeURIComponent(path)}`, { replace: true });
  }, []);
  return <Loading />;
}

setApiLocale(boot.locale);
const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
