import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, login } from '../api';
import { boot } from '../boot';
import { homeOf, safeReturn, useSession } from '../session';
import { ErrorSummary, Field, Form, flash, Link, navigate, Notice, Page, Submit, useForm, useT, type FormState, type Values } from '../ui';

const RULE = {
  fr: "Votre mot de passe doit être long d'au moins 8 caractères et contenir 3 des éléments suivants : lettre minuscule, lettre majuscule, chiffre, symbole.",
  en: 'Your password must be at least 8 characters long and contain 3 of the following: lowercase letter, uppercase letter, digit, symbol.',
};

/** A new password and its confirmation, the rule shown under the first before anything is typed. */
export function NewPasswordFields<V extends Values & { password: string; passwordConfirmation: string }>({
  form,
  labels,
}: {
  form: FormState<V>;
  labels: { password: string; passwordConfirmation: string };
}): JSX.Element {
  const t = useT();
  return (
    <>
      <Field
        name="password"
        label={labels.password}
        type="password"
        value={form.values.password}
        onInput={(v) => form.set('password', v)}
        error={form.errors.password}
        autocomplete="new-password"
        hint={t(RULE.fr, RULE.en)}
        maxLength={128}
      />
      <Field
        name="passwordConfirmation"
        label={labels.passwordConfirmation}
        type="password"
        value={form.values.passwordConfirmation}
        onInput={(v) => form.set('passwordConfirmation', v)}
        error={form.errors.passwordConfirmation}
        autocomplete="new-password"
        maxLength={128}
      />
    </>
  );
}

export function HomePage(): JSX.Element {
  const t = useT();
  const { me } = useSession();
  useEffect(() => {
    // The confirmation link's page and older links send people here with a notice.
    const notice = new URLSearchParams(location.search).get('notice');
    if (notice === 'account_confirmed') {
      flash({
        kind: 'success',
        text: t('Votre compte a été créé. Vous pouvez maintenant vous connecter.', 'Your account has been created. You can now log in.'),
        link: { to: '/connexion', label: t('Se connecter', 'Log in') },
      });
    } else if (notice === 'password_changed') {
      flash({
        kind: 'success',
        text: t('Votre mot de passe a été modifié. Connectez-vous avec le nouveau.', 'Your password has been changed. Log in with the new one.'),
        link: { to: '/connexion', label: t('Se connecter', 'Log in') },
      });
    }
  }, []);
  return (
    <Page title={t("Plateforme d'inscription en ligne", 'Online registration platform')}>
      <p class="lead">
        {t(
          `Ce compte utilisateur servira pour l'ensemble de vos inscriptions aux activités offertes par la ${boot.cityName}. Il est donc important de conserver les informations relatives à ce compte (courriel, mot de passe).`,
          `This user account is for all your registrations to the activities offered by the ${boot.cityName}. Keep its information (email, password) safe.`,
        )}
      </p>
      {me ? (
        <section class="card">
          <h2>{t(`Bonjour ${me.firstName}`, `Hello ${me.firstName}`)}</h2>
          <ul class="actions">
            {me.onboarding === 'link_dossier' ? (
              <li>
                <Link to="/activer-mon-dossier">{t('Activez votre dossier', 'Activate your dossier')}</Link>
              </li>
            ) : (
              <li>
                <Link to="/ma-famille">{t('Voir ma famille', 'See my family')}</Link>
              </li>
            )}
            <li>
              <Link to="/messages/nouveau">{t('Écrire à la boîte des inscriptions', 'Write to the registrations mailbox')}</Link>
            </li>
          </ul>
        </section>
      ) : (
        <>
          <section class="card">
            <h2>{t('Avant de débuter', 'Before you start')}</h2>
            <p>{t('Toute personne désireuse de se créer un compte utilisateur doit obligatoirement avoir en main :', 'Anyone who wants to create a user account must have:')}</p>
            <ul>
              <li>
                <strong>{t('Un ou des numéros de dossier (un par membre de la famille).', 'One or more dossier numbers (one per family member).')}</strong>{' '}
                {t('Si vous ne possédez pas de numéro de dossier, vous devez remplir le ', 'If you do not have a dossier number, fill in the ')}
                <Link to="/demande-de-numero-de-dossier">{t('formulaire de demande', 'request form')}</Link>
                {t('. Ce dernier doit être acheminé au minimum 72 heures avant la période des inscriptions.', '. It must reach us at least 72 hours before the registration period.')}
              </li>
              <li>
                <strong>{t('Une adresse courriel valide.', 'A valid email address.')}</strong>
              </li>
            </ul>
          </section>
          <section class="card">
            <h2>{t('Qui doit se créer un compte utilisateur?', 'Who should create a user account?')}</h2>
            <p>
              {t(
                "Le compte utilisateur doit être créé au nom d'une personne de 18 ans et plus avec les informations personnelles de cette dernière. Il ne faut pas créer un compte avec les informations d'un enfant à inscrire.",
                'The account must be created in the name of a person 18 or older, with their own personal information. Never create an account with the information of a child to register.',
              )}
            </p>
            <ul>
              <li>
                {t(
                  'Dans le cas d’une famille, il faut créer un seul compte utilisateur : il permet d’inscrire tous les membres de votre famille.',
                  'A family creates one user account: it registers every member of the family.',
                )}
              </li>
              <li>{t('Si vous êtes des tuteurs séparés, chaque tuteur doit se créer un compte utilisateur.', 'Separated guardians each create their own user account.')}</li>
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}

export function SignupPage(): JSX.Element {
  const t = useT();
  const form = useForm({ firstName: '', lastName: '', email: '', password: '', passwordConfirmation: '' });
  const labels = {
    firstName: t('Prénom', 'First name'),
    lastName: t('Nom', 'Last name'),
    email: t('Courriel', 'Email'),
    password: t('Mot de passe', 'Password'),
    passwordConfirmation: t('Confirmer le mot de passe', 'Confirm the password'),
  };
  const { values, set, errors } = form;
  return (
    <Page title={t('Créer un compte', 'Create an account')}>
      <p>
        {t(
          "Le compte doit être créé au nom d'une personne de 18 ans et plus, avec ses propres informations. Tous les champs sont obligatoires.",
          'The account must be created in the name of a person 18 or older, with their own information. Every field is required.',
        )}
      </p>
      <ErrorSummary problem={form.problem} labels={labels} />
      <Form form={form} call={() => api('POST', '/auth/signup', values)} done={() => navigate('/courriel-envoye', { state: { email: values.email } })}>
        <Field name="firstName" label={labels.firstName} value={values.firstName} onInput={(v) => set('firstName', v)} error={errors.firstName} autocomplete="given-name" maxLength={100} />
        <Field name="lastName" label={labels.lastName} value={values.lastName} onInput={(v) => set('lastName', v)} error={errors.lastName} autocomplete="family-name" maxLength={100} />
        <Field name="email" label={labels.email} type="email" value={values.email} onInput={(v) => set('email', v)} error={errors.email} autocomplete="email" maxLength={254} />
        <NewPasswordFields form={form} labels={labels} />
        <Submit busy={form.busy}>{t('Confirmer', 'Confirm')}</Submit>
      </Form>
      <p>
        {t('Vous avez déjà un compte ? ', 'Already have an account? ')}
        <Link to="/connexion">{t('Connectez-vous', 'Log in')}</Link>
      </p>
    </Page>
  );
}

/** The resend form: the address of the sign-up if this page knows it, else typed again. */
function ResendForm({ email, label }: { email: string; label: string }): JSX.Element {
  const t = useT();
  const form = useForm({ email });
  const [sent, setSent] = useState(false);
  return (
    <>
      {sent ? (
        <Notice kind="success">
          {t(
            'Un nouveau courriel de confirmation est en route, si un compte attend cette adresse. Les liens précédents ne fonctionnent plus.',
            'A new confirmation email is on its way, if an account is waiting for this address. Earlier links no longer work.',
          )}
        </Notice>
      ) : null}
      <ErrorSummary problem={form.problem} labels={{ email: t('Courriel', 'Email') }} />
      <Form
        form={form}
        class="inline-form"
        before={() => {
          setSent(false);
        }}
        call={() => api('POST', '/auth/resend-verification', { email: form.values.email })}
        done={() => setSent(true)}
      >
        {email ? null : (
          <Field name="email" label={t('Courriel', 'Email')} type="email" value={form.values.email} onInput={(v) => form.set('email', v)} error={form.errors.email} autocomplete="email" />
        )}
        <Submit busy={form.busy}>{label}</Submit>
      </Form>
    </>
  );
}

export function EmailSentPage(): JSX.Element {
  const t = useT();
  const email = (history.state as { email?: string } | null)?.email ?? '';
  return (
    <Page title={t('Vérifiez vos courriels', 'Check your email')}>
      <p class="lead">
        {email
          ? t(`Nous avons envoyé un courriel à ${email} pour finaliser la création de votre compte.`, `We sent an email to ${email} to finish creating your account.`)
          : t('Nous vous avons envoyé un courriel pour finaliser la création de votre compte.', 'We sent you an email to finish creating your account.')}
      </p>
      <p>{t('Dans le courriel, sélectionnez « Confirmation de mon adresse courriel ».', 'In the email, select “Confirm my email address”.')}</p>
      <Notice kind="info" role="status">
        <p>
          <strong>{t('Attention! ', 'Note: ')}</strong>
          {t('Ce courriel peut se retrouver dans vos courriels indésirables.', 'This email may end up in your junk mail.')}
        </p>
        <p>{t("Ce courriel est valide pour 24 h et ne peut être utilisé qu'une seule fois.", 'This email is valid for 24 hours and can be used only once.')}</p>
      </Notice>
      <h2>{t('Vous n’avez rien reçu?', 'Nothing arrived?')}</h2>
      <ResendForm email={email} label={t('Renvoyer le courriel', 'Send the email again')} />
    </Page>
  );
}

export function ConfirmationPage(): JSX.Element {
  const t = useT();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [state, setState] = useState(boot.confirmation ?? (token ? 'usable' : 'link_invalid'));
  const form = useForm({});
  const confirmed = () => {
    navigate('?notice=account_confirmed', { replace: true });
  };
  useEffect(() => {
    if (state === 'account_confirmed') confirmed();
  }, [state]);
  const dead = state === 'link_expired' || state === 'link_invalid';
  return (
    <Page title={t('Confirmer votre adresse courriel', 'Confirm your email address')}>
      {dead ? (
        <>
          <Notice kind="error">
            {state === 'link_expired'
              ? t(
                  'Ce lien a expiré : il est valide pour 24 heures. Demandez un nouveau courriel de confirmation.',
                  'This link has expired: it is valid for 24 hours. Ask for a new confirmation email.',
                )
              : t(
                  "Ce lien n'est pas valide ou a déjà été utilisé. Demandez un nouveau courriel de confirmation.",
                  'This link is not valid or has already been used. Ask for a new confirmation email.',
                )}
          </Notice>
          <h2>{t('Recevoir un nouveau lien de confirmation', 'Get a new confirmation link')}</h2>
          <ResendForm email="" label={t('Envoyer', 'Send')} />
        </>
      ) : (
        <>
          <p>
            {t(
              'Dernière étape avant la création de votre compte : confirmez que cette adresse courriel est bien la vôtre.',
              'One last step before your account is created: confirm that this email address is yours.',
            )}
          </p>
          <ErrorSummary problem={form.problem} labels={{}} />
          <Form form={form} call={() => api('POST', '/auth/verify-email', { token })} done={() => confirmed()}>
            <Submit busy={form.busy}>{t('Confirmer mon adresse courriel', 'Confirm my email address')}</Submit>
          </Form>
          {form.problem?.code === 'link_expired' || form.problem?.code === 'link_invalid' ? (
            <button type="button" class="secondary" onClick={() => setState(form.problem!.code as 'link_expired')}>
              {t('Demander un nouveau lien', 'Ask for a new link')}
            </button>
          ) : null}
        </>
      )}
    </Page>
  );
}

export function LoginPage(): JSX.Element {
  const t = useT();
  const session = useSession();
  const form = useForm({ email: '', password: '' });
  const labels = { email: t('Courriel', 'Email'), password: t('Mot de passe', 'Password') };
  const back = safeReturn(new URLSearchParams(location.search).get('retour'));
  useEffect(() => {
    if (session.me) navigate(back ?? homeOf(session.me), { replace: true });
  }, []);
  const unverified = form.problem?.code === 'email_not_verified';
  return (
    <Page title={t('Connexion', 'Log in')}>
      <ErrorSummary problem={form.problem} labels={labels} />
      {unverified ? (
        <section class="card">
          <p>{t('Vous n’avez pas reçu le courriel de confirmation ou il a expiré?', 'Did the confirmation email not arrive, or has it expired?')}</p>
          <ResendForm email={form.values.email} label={t('Recevoir un nouveau lien de confirmation', 'Get a new confirmation link')} />
        </section>
      ) : null}
      <Form
        form={form}
        call={() => login(form.values.email, form.values.password)}
        done={async () => {
          const me = await session.reload();
          if (!me) return;
          flash({ kind: 'success', text: t(`Bienvenue, ${me.firstName}.`, `Welcome, ${me.firstName}.`) });
          navigate(me.onboarding === 'link_dossier' ? '/activer-mon-dossier' : (back ?? '/ma-famille'));
        }}
      >
        <Field name="email" label={labels.email} type="email" value={form.values.email} onInput={(v) => form.set('email', v)} error={form.errors.email} autocomplete="username" />
        <Field
          name="password"
          label={labels.password}
          type="password"
          value={form.values.password}
          onInput={(v) => form.set('password', v)}
          error={form.errors.password}
          autocomplete="current-password"
        />
        <Submit busy={form.busy}>{t('Connexion', 'Log in')}</Submit>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">{t('Mot de passe oublié?', 'Forgot your password?')}</Link>
      </p>
      <p>
        {t('Pas encore de compte? ', 'No account yet? ')}
        <Link to="/creer-un-compte">{t('Créez-en un', 'Create one')}</Link>
      </p>
    </Page>
  );
}

export function ForgotPasswordPage(): JSX.Element {
  const t = useT();
  const form = useForm({ email: '' });
  const [sent, setSent] = useState(false);
  return (
    <Page title={t('Mot de passe oublié', 'Forgot your password')}>
      <p>
        {t(
          'Inscrivez le courriel de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe. Ce lien est valide pendant 1 heure.',
          'Enter your account’s email: we will send you a link to choose a new password. The link is valid for 1 hour.',
        )}
      </p>
      {sent ? (
        <Notice kind="success">
          {t(
            'Si un compte existe pour cette adresse, un courriel vient d’être envoyé. Il peut se retrouver dans vos courriels indésirables.',
            'If an account exists for this address, an email has just been sent. It may end up in your junk mail.',
          )}
        </Notice>
      ) : null}
      <ErrorSummary problem={form.problem} labels={{ email: t('Courriel', 'Email') }} />
      <Form
        form={form}
        before={() => {
          setSent(false);
        }}
        call={() => api('POST', '/auth/password/forgot', form.values)}
        done={() => setSent(true)}
      >
        <Field name="email" label={t('Courriel', 'Email')} type="email" value={form.values.email} onInput={(v) => form.set('email', v)} error={form.errors.email} autocomplete="email" />
        <Submit busy={form.busy}>{t('Envoyer', 'Send')}</Submit>
      </Form>
    </Page>
  );
}

export function ResetPasswordPage(): JSX.Element {
  const t = useT();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const form = useForm({ password: '', passwordConfirmation: '' });
  const labels = { password: t('Mot de passe', 'Password'), passwordConfirmation: t('Confirmer le mot de passe', 'Confirm the password') };
  return (
    <Page title={t('Choisir un nouveau mot de passe', 'Choose a new password')}>
      <ErrorSummary problem={form.problem} labels={labels} />
      {form.problem?.code === 'link_expired' || form.problem?.code === 'link_invalid' ? (
        <p>
          <Link to="/mot-de-passe-oublie">{t('Demander un nouveau lien', 'Ask for a new link')}</Link>
        </p>
      ) : null}
      <Form form={form} call={() => api('POST', '/auth/password/reset', { token, ...form.values })} done={() => navigate('?notice=password_changed')}>
        <NewPasswordFields form={form} labels={labels} />
        <Submit busy={form.busy}>{t('Confirmer', 'Confirm')}</Submit>
      </Form>
    </Page>
  );
}

export function HelpPage(): JSX.Element {
  const t = useT();
  return (
    <Page title={t('Aide', 'Help')}>
      <section class="card">
        <h2>{t('Comment obtenir un numéro de dossier?', 'How do I get a dossier number?')}</h2>
        <p>
          {t(
            'Chaque membre de la famille a un numéro de dossier, inscrit sur vos anciennes factures. Si vous n’en avez pas, remplissez le ',
            'Each family member has a dossier number, printed on your past invoices. If you have none, fill in the ',
          )}
          <Link to="/demande-de-numero-de-dossier">{t('formulaire de demande', 'request form')}</Link>
          {t(
            ' au minimum 72 heures avant la période des inscriptions. En dehors de ce délai, vous pourriez ne pas recevoir votre numéro de dossier à temps pour l’inscription.',
            ' at least 72 hours before the registration period. Later, your number might not arrive in time for registration.',
          )}
        </p>
      </section>
      <section class="card">
        <h2>{t('Modifier les informations de votre dossier', 'Change your dossier’s information')}</h2>
        <p>
          {t(
            'Écrivez à la boîte des inscriptions depuis la page « Mes messages » de votre compte. Un retour sera fait dans les 72 heures ouvrables.',
            'Write to the registrations mailbox from the “My messages” page of your account. We answer within 72 business hours.',
          )}
        </p>
      </section>
      <section class="card">
        <h2>{t('Appareils à utiliser', 'Devices')}</h2>
        <p>
          {t(
            'Tous les appareils (cellulaire, tablette, ordinateur) peuvent accéder à la plateforme, s’ils sont à jour. Si vous éprouvez de la difficulté avec votre appareil, des ordinateurs sont mis à la disposition du public à la bibliothèque Alice-Lane.',
            'Every device (phone, tablet, computer) can use the platform if its software is up to date. If your device gives you trouble, computers are available to the public at the Alice-Lane library.',
          )}
        </p>
      </section>
    </Page>
  );
}

export function NotFoundPage(): JSX.Element {
  const t = useT();
  return (
    <Page title={t('Page introuvable', 'Page not found')}>
      <p>{t("Cette page n'existe pas ou a été déplacée.", 'This page does not exist or has moved.')}</p>
      <p>
        <Link to="">{t("Retour à l'accueil", 'Back to the home page')}</Link>
      </p>
    </Page>
  );
}
