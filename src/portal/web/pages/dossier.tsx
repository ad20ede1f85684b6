import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { boot } from '../boot';
import { useSession } from '../session';
import { ErrorSummary, Field, Form, fieldId, flash, Link, navigate, Notice, Page, Submit, useForm, useT } from '../ui';

/** The first login's choice (the help page's step 6). */
export function ActivatePage(): JSX.Element {
  const t = useT();
  return (
    <Page title={t('Activez votre dossier', 'Activate your dossier')}>
      <p>{t('Pour avoir accès aux inscriptions en ligne, votre compte doit être lié à votre dossier à la Ville.', 'To register online, your account must be linked to your dossier at the City.')}</p>
      <ul class="choices">
        <li class="choice">
          <Link to="/lier-mon-dossier" aria-describedby="choix-avec">
            {t("J'ai un numéro de dossier", 'I have a dossier number')}
          </Link>
          <p id="choix-avec">
            {t(
              'Entrez vos renseignements pour avoir accès aux inscriptions en ligne. Ce numéro est disponible sur vos anciennes factures.',
              'Enter your information to register online. The number is on your past invoices.',
            )}
          </p>
        </li>
        <li class="choice">
          <Link to="/demande-de-numero-de-dossier" aria-describedby="choix-sans">
            {t("Je n'ai pas de numéro de dossier", 'I do not have a dossier number')}
          </Link>
          <p id="choix-sans">
            {t(
              'Pour avoir accès aux inscriptions en ligne, vous devez avoir un numéro de dossier : remplissez le formulaire de demande, au minimum 72 heures avant la période des inscriptions.',
              'To register online you need a dossier number: fill in the request form at least 72 hours before the registration period.',
            )}
          </p>
        </li>
      </ul>
    </Page>
  );
}

/** « Lier mon dossier » (step 7): the number and the date of birth of the account holder. */
export function LinkDossierPage(): JSX.Element {
  const t = useT();
  const session = useSession();
  const form = useForm({ dossierNumber: '', birthDate: '' });
  const labels = { dossierNumber: t('Numéro de dossier', 'Dossier number'), birthDate: t('Date de naissance', 'Date of birth') };
  useEffect(() => {
    if (session.me?.onboarding === 'complete') navigate('/ma-famille', { replace: true });
  }, []);
  return (
    <Page title={t('Lier mon dossier', 'Link my dossier')}>
      <p>
        {t(
          'Inscrivez votre numéro de dossier et votre date de naissance : ce sont ceux de la personne titulaire du compte, 18 ans et plus.',
          'Enter your dossier number and your date of birth: those of the account holder, 18 or older.',
        )}
      </p>
      <ErrorSummary problem={form.problem} labels={labels} />
      <Form
        form={form}
        call={() => api('POST', '/me/dossier/link', form.values, { auth: true })}
        done={async () => {
          await session.reload();
          flash({
            kind: 'success',
            text: t(`Votre compte utilisateur est maintenant lié à votre dossier à la ${boot.cityName}.`, `Your user account is now linked to your dossier at the ${boot.cityName}.`),
          });
          navigate('/ma-famille');
        }}
      >
        <Field
          name="dossierNumber"
          label={labels.dossierNumber}
          value={form.values.dossierNumber}
          onInput={(v) => form.set('dossierNumber', v)}
          error={form.errors.dossierNumber}
          inputMode="numeric"
          autocomplete="off"
          maxLength={20}
          hint={t('Il figure sur vos anciennes factures.', 'It is on your past invoices.')}
        />
        <Field
          name="birthDate"
          label={labels.birthDate}
          value={form.values.birthDate}
          onInput={(v) => form.set('birthDate', v)}
          error={form.errors.birthDate}
          autocomplete="bday"
          maxLength={10}
          hint={t('AAAA/MM/JJ', 'YYYY/MM/DD')}
        />
        <div class="buttons">
          <Link to="/activer-mon-dossier" class="button secondary">
            {t('Annuler', 'Cancel')}
          </Link>
          <Submit busy={form.busy}>{t('Lier', 'Link')}</Submit>
        </div>
      </Form>
    </Page>
  );
}

interface Member {
  firstName: string;
  lastName: string;
  birthDate: string;
  relationship: string;
}

interface Created {
  reference: string;
  late: boolean;
  message: string;
}

/** The dossier-number request (« formulaire de demande »), with or without an account. */
export function DossierRequestPage(): JSX.Element {
  const t = useT();
  const { me } = useSession();
  const form = useForm({
    'applicant.firstName': me?.firstName ?? '',
    'applicant.lastName': me?.lastName ?? '',
    'applicant.birthDate': '',
    'address.civicNumber': '',
    'address.street': '',
    'address.apartment': '',
    'address.city': '',
    'address.postalCode': '',
    email: me?.email ?? '',
    phone: '',
  });
  const [members, setMembers] = useState<Member[]>([]);
  const [consent, setConsent] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const locale = t('fr', 'en');
  useEffect(() => {
    void api<{ text: string }>('GET', '/dossier-requests/collection-notice').then((answer) => setNotice(answer.ok ? answer.data.text : null));
  }, [locale]);

  const labels: Record<string, string> = {
    'applicant.firstName': t('Prénom', 'First name'),
    'applicant.lastName': t('Nom', 'Last name'),
    'applicant.birthDate': t('Date de naissance', 'Date of birth'),
    'address.civicNumber': t('Numéro civique', 'Street number'),
    'address.street': t('Rue', 'Street'),
    'address.apartment': t('Appartement (facultatif)', 'Apartment (optional)'),
    'address.city': t('Ville', 'City'),
    'address.postalCode': t('Code postal', 'Postal code'),
    email: t('Courriel', 'Email'),
    phone: t('Téléphone', 'Phone'),
    consent: t('Consentement', 'Consent'),
  };
  members.forEach((_, i) => {
    labels[`members.${i}.firstName`] = t(`Membre ${i + 1} : prénom`, `Member ${i + 1}: first name`);
    labels[`members.${i}.lastName`] = t(`Membre ${i + 1} : nom`, `Member ${i + 1}: last name`);
    labels[`members.${i}.birthDate`] = t(`Membre ${i + 1} : date de naissance`, `Member ${i + 1}: date of birth`);
    labels[`members.${i}.relationship`] = t(`Membre ${i + 1} : lien`, `Member ${i + 1}: relationship`);
  });

  if (created) {
    return (
      <Page title={t('Demande envoyée', 'Request sent')}>
        <Notice kind="success">
          <p>{t(`Votre demande a été reçue. Votre numéro de référence : ${created.reference}.`, `Your request has been received. Your reference number: ${created.reference}.`)}</p>
        </Notice>
        <p>{created.message}</p>
        {created.late ? (
          <Notice kind="error">
            {t(
              "Votre demande nous parvient moins de 72 heures avant la période des inscriptions : vous pourriez ne pas recevoir votre numéro de dossier à temps pour l'inscription.",
              'Your request reaches us less than 72 hours before the registration period: your dossier number might not arrive in time.',
            )}
          </Notice>
        ) : null}
        <p>
          {t('Un courriel de confirmation a été envoyé. Vos numéros de dossier vous seront transmis par courriel.', 'A confirmation email has been sent. Your dossier numbers will be sent by email.')}
        </p>
        <p>{me ? <Link to="/mes-demandes">{t('Voir mes demandes', 'See my requests')}</Link> : <Link to="">{t("Retour à l'accueil", 'Back to the home page')}</Link>}</p>
      </Page>
    );
  }

  const v = form.values;
  const field = (name: keyof typeof v, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={labels[name]!} value={v[name]} onInput={(value) => form.set(name, value)} error={form.errors[name]} {...extra} />
  );
  const setMember = (i: number, key: keyof Member, value: string) => setMembers((old) => old.map((m, j) => (j === i ? { ...m, [key]: value } : m)));

  const requestBody = () => ({
    applicant: { firstName: v['applicant.firstName'], lastName: v['applicant.lastName'], birthDate: v['applicant.birthDate'] },
    address: {
      civicNumber: v['address.civicNumber'],
      street: v['address.street'],
      ...(v['address.apartment'].trim() ? { apartment: v['address.apartment'] } : {}),
      city: v['address.city'],
      postalCode: v['address.postalCode'],
    },
    members,
    email: v.email,
    phone: v.phone,
    consent,
  });

  return (
    <Page title={t('Demande de numéro de dossier', 'Dossier number request')}>
      <p>
        {t(
          'Chaque membre de la famille reçoit un numéro de dossier. Votre demande doit être acheminée au minimum 72 heures avant la période des inscriptions; en dehors de ce délai, vous pourriez ne pas recevoir votre numéro de dossier à temps pour l’inscription.',
          'Each family member gets a dossier number. Your request must reach us at least 72 hours before the registration period; later, your number might not arrive in time for registration.',
        )}
      </p>
      <ErrorSummary problem={form.problem} labels={labels} />
      <Form
        form={form}
        call={() => api<Created>('POST', '/dossier-requests', requestBody(), { auth: Boolean(me) })}
        done={(data) => {
          setCreated(data);
          window.scrollTo(0, 0);
        }}
      >
        <fieldset>
          <legend>{t('Vous (18 ans et plus)', 'You (18 or older)')}</legend>
          {field('applicant.firstName', { autocomplete: 'given-name' })}
          {field('applicant.lastName', { autocomplete: 'family-name' })}
          {field('applicant.birthDate', { autocomplete: 'bday', hint: t('AAAA/MM/JJ', 'YYYY/MM/DD'), maxLength: 10 })}
        </fieldset>
        <fieldset>
          <legend>{t('Adresse', 'Address')}</legend>
          {field('address.civicNumber', { autocomplete: 'address-line1' })}
          {field('address.street')}
          {field('address.apartment', { required: false, autocomplete: 'address-line2' })}
          {field('address.city', { autocomplete: 'address-level2' })}
          {field('address.postalCode', { autocomplete: 'postal-code', maxLength: 7 })}
        </fieldset>
        <fieldset>
          <legend>{t('Pour vous joindre', 'How to reach you')}</legend>
          {field('email', { type: 'email', autocomplete: 'email' })}
          {field('phone', { type: 'tel', autocomplete: 'tel', inputMode: 'tel' })}
        </fieldset>
        <fieldset>
          <legend>{t('Les autres membres de votre famille', 'The other members of your family')}</legend>
          <p class="hint">{t('Conjoint ou conjointe, autres adultes et enfants à charge : un numéro de dossier chacun.', 'Spouse, other adults and dependent children: a dossier number each.')}</p>
          {members.map((member, i) => (
            <div class="member" key={i}>
              <p class="member-title">{t(`Membre ${i + 1}`, `Member ${i + 1}`)}</p>
              <Field
                name={`members.${i}.firstName`}
                label={t('Prénom', 'First name')}
                value={member.firstName}
                onInput={(value) => setMember(i, 'firstName', value)}
                error={form.errors[`members.${i}.firstName`]}
              />
              <Field
                name={`members.${i}.lastName`}
                label={t('Nom', 'Last name')}
                value={member.lastName}
                onInput={(value) => setMember(i, 'lastName', value)}
                error={form.errors[`members.${i}.lastName`]}
              />
              <Field
                name={`members.${i}.birthDate`}
                label={t('Date de naissance', 'Date of birth')}
                value={member.birthDate}
                onInput={(value) => setMember(i, 'birthDate', value)}
                error={form.errors[`members.${i}.birthDate`]}
                hint={t('AAAA/MM/JJ', 'YYYY/MM/DD')}
                maxLength={10}
              />
              <div class="field">
                <label for={fieldId(`members.${i}.relationship`)}>{t('Lien avec vous', 'Relationship to you')}</label>
                <select
                  id={fieldId(`members.${i}.relationship`)}
                  value={member.relationship}
                  aria-invalid={form.errors[`members.${i}.relationship`] ? 'true' : undefined}
                  onChange={(event) => setMember(i, 'relationship', (event.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="child">{t('Enfant', 'Child')}</option>
                  <option value="spouse">{t('Conjoint ou conjointe', 'Spouse')}</option>
                  <option value="adult">{t('Autre adulte', 'Other adult')}</option>
                </select>
              </div>
              <button type="button" class="secondary" onClick={() => setMembers((old) => old.filter((_, j) => j !== i))}>
                {t(`Retirer le membre ${i + 1}`, `Remove member ${i + 1}`)}
              </button>
            </div>
          ))}
          <button type="button" class="secondary" onClick={() => setMembers((old) => [...old, { firstName: '', lastName: v['applicant.lastName'], birthDate: '', relationship: 'child' }])}>
            {t('Ajouter un membre', 'Add a member')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('Protection des renseignements personnels', 'Protection of personal information')}</legend>
          <div class="law25" id="avis-loi-25" tabIndex={0} role="region" aria-label={t('Avis de collecte', 'Collection notice')}>
            {notice === null ? <p>{t('Chargement de l’avis…', 'Loading the notice…')}</p> : notice.split(/\n+/).map((line, i) => <p key={i}>{line}</p>)}
          </div>
          <div class={form.errors.consent ? 'field check invalid' : 'field check'}>
            {form.errors.consent ? (
              <p class="field-error" id={`${fieldId('consent')}-erreur`}>
                {form.errors.consent}
              </p>
            ) : null}
            <input
              type="checkbox"
              id={fieldId('consent')}
              checked={consent}
              onChange={(event) => setConsent((event.currentTarget as HTMLInputElement).checked)}
              aria-invalid={form.errors.consent ? 'true' : undefined}
              aria-describedby={['avis-loi-25', form.errors.consent ? `${fieldId('consent')}-erreur` : ''].filter(Boolean).join(' ')}
            />
            <label for={fieldId('consent')}>
              {t("J'ai lu l'avis ci-dessus et je consens à la collecte de ces renseignements.", 'I have read the notice above and consent to the collection of this information.')}
            </label>
          </div>
        </fieldset>
        <Submit busy={form.busy}>{t('Envoyer la demande', 'Send the request')}</Submit>
      </Form>
    </Page>
  );
}
