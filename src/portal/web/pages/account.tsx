import type { JSX } from 'preact';
import { api, forgetSession, logout } from '../api';
import { useSession } from '../session';
import { ErrorSummary, Field, Form, flash, navigate, Page, Submit, useForm, useT } from '../ui';
import { NewPasswordFields } from './public';

/** « Mon compte »: who is logged in, a new password, and every device logged out. */
export function AccountPage(): JSX.Element {
  const t = useT();
  const { me } = useSession();
  const form = useForm({ currentPassword: '', password: '', passwordConfirmation: '' });
  const labels = {
    currentPassword: t('Mot de passe actuel', 'Current password'),
    password: t('Nouveau mot de passe', 'New password'),
    passwordConfirmation: t('Confirmer le nouveau mot de passe', 'Confirm the new password'),
  };
  return (
    <Page title={t('Mon compte', 'My account')}>
      {me ? (
        <section class="card">
          <h2>{t('Titulaire du compte', 'Account holder')}</h2>
          <dl class="facts">
            <dt>{t('Nom', 'Name')}</dt>
            <dd>
              {me.firstName} {me.lastName}
            </dd>
            <dt>{t('Courriel', 'Email')}</dt>
            <dd>{me.email}</dd>
          </dl>
          <p class="hint">{t('Pour changer de nom ou de courriel, écrivez à la boîte des inscriptions.', 'To change your name or email, write to the registrations mailbox.')}</p>
        </section>
      ) : null}
      <section class="card">
        <h2>{t('Changer mon mot de passe', 'Change my password')}</h2>
        <p>{t('Après le changement, toutes vos sessions sont fermées : reconnectez-vous avec le nouveau mot de passe.', 'After the change every session ends: log in again with the new password.')}</p>
        <ErrorSummary problem={form.problem} labels={labels} />
        <Form
          form={form}
          call={() => api('POST', '/me/password', form.values, { auth: true })}
          done={() => {
            forgetSession();
            flash({ kind: 'success', text: t('Votre mot de passe a été modifié. Connectez-vous avec le nouveau.', 'Your password has been changed. Log in with the new one.') });
            navigate('/connexion');
          }}
        >
          <Field
            name="currentPassword"
            label={labels.currentPassword}
            type="password"
            value={form.values.currentPassword}
            onInput={(v) => form.set('currentPassword', v)}
            error={form.errors.currentPassword}
            autocomplete="current-password"
          />
          <NewPasswordFields form={form} labels={labels} />
          <Submit busy={form.busy}>{t('Changer le mot de passe', 'Change the password')}</Submit>
        </Form>
      </section>
      <section class="card">
        <h2>{t('Se déconnecter de tous les appareils', 'Log out on every device')}</h2>
        <p>{t('Un appareil perdu ou partagé? Fermez toutes les sessions de votre compte, celle-ci comprise.', 'A lost or shared device? End every session of your account, this one included.')}</p>
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            await logout(true);
            flash({ kind: 'success', text: t('Toutes vos sessions ont été fermées.', 'Every session has ended.') });
            navigate('/connexion');
          }}
        >
          {t('Se déconnecter de tous les appareils', 'Log out on every device')}
        </button>
      </section>
    </Page>
  );
}
