import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Problem } from '../api';
import { formatDate, formatDateTime, Link, Loading, Notice, Page, useLocale, useT } from '../ui';

interface Address {
  civicNumber: string;
  street: string;
  apartment: string | null;
  city: string;
  postalCode: string;
}

interface Household {
  dossierNumber: string;
  address: Address | null;
  phones: Array<{ kind: string; number: string }>;
  members: Array<{ dossierNumber: string; firstName: string; lastName: string; birthDate: string; relationship: string; dependent: boolean }>;
}

/** A GET of the page, in the page's language: loading, the data, or the problem. */
export function useLoad<T>(path: string): { data: T | null; problem: Problem | null; loading: boolean; reload: () => void } {
  const locale = useLocale();
  const [state, setState] = useState<{ data: T | null; problem: Problem | null; loading: boolean }>({ data: null, problem: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    // No path: nothing to load (a page that needs the data only in some cases).
    if (!path) {
      setState({ data: null, problem: null, loading: false });
      return;
    }
    void api<T>('GET', path, undefined, { auth: !path.startsWith('/activities') }).then((answer) => {
      if (live) setState(answer.ok ? { data: answer.data, problem: null, loading: false } : { data: null, problem: answer.problem, loading: false });
    });
    return () => {
      live = false;
    };
  }, [path, locale, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

export function ProblemNotice({ problem }: { problem: Problem }): JSX.Element {
  return (
    <Notice kind="error">
      <p>{problem.title}</p>
      {problem.detail ? <p>{problem.detail}</p> : null}
    </Notice>
  );
}

/** « Ma famille » (step 8): what the city's dossier says, read-only; changes go through the mailbox. */
export function FamilyPage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const { data, problem, loading } = useLoad<Household>('/me/household');
  const relationship: Record<string, string> = {
    holder: t('Titulaire du compte', 'Account holder'),
    spouse: t('Conjoint ou conjointe', 'Spouse'),
    adult: t('Adulte', 'Adult'),
    child: t('Enfant', 'Child'),
  };
  const phoneKind: Record<string, string> = { home: t('Domicile', 'Home'), mobile: t('Cellulaire', 'Mobile'), work: t('Travail', 'Work'), other: t('Autre', 'Other') };
  return (
    <Page title={t('Ma famille', 'My family')} wide>
      {loading ? <Loading /> : null}
      {problem?.code === 'dossier_not_linked' || problem?.status === 409 ? (
        <Notice kind="info">
          <p>{t('Votre compte n’est pas encore lié à votre dossier.', 'Your account is not linked to your dossier yet.')}</p>
          <p>
            <Link to="/activer-mon-dossier">{t('Activez votre dossier', 'Activate your dossier')}</Link>
          </p>
        </Notice>
      ) : problem ? (
        <ProblemNotice problem={problem} />
      ) : null}
      {data ? (
        <>
          <p>
            {t(
              'Validez les informations inscrites dans votre dossier : adresse, numéros de téléphone, membres de votre famille et enfants à charge.',
              'Check the information in your dossier: address, phone numbers, family members and dependent children.',
            )}
          </p>
          <div class="notice info" role="note">
            <p>
              <Link to="/messages/nouveau">{t('Pour toute modification, écrivez à la boîte des inscriptions', 'To change anything, write to the registrations mailbox')}</Link>
            </p>
            <p>{t('Un retour sera fait dans les 72 heures ouvrables.', 'We answer within 72 business hours.')}</p>
          </div>
          <section class="card">
            <h2>{t('Adresse', 'Address')}</h2>
            {data.address ? (
              <address>
                {data.address.civicNumber} {data.address.street}
                {data.address.apartment ? `, ${t('app.', 'apt.')} ${data.address.apartment}` : ''}
                <br />
                {data.address.city} {data.address.postalCode}
              </address>
            ) : (
              <p>{t('Aucune adresse au dossier.', 'No address on file.')}</p>
            )}
            <h2>{t('Téléphones', 'Phones')}</h2>
            {data.phones.length ? (
              <ul>
                {data.phones.map((phone) => (
                  <li key={phone.number}>
                    {phoneKind[phone.kind] ?? phone.kind} : {phone.number}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('Aucun numéro au dossier.', 'No number on file.')}</p>
            )}
          </section>
          <section class="card">
            <h2>{t('Membres de la famille', 'Family members')}</h2>
            <ul class="people">
              {data.members.map((member) => (
                <li key={member.dossierNumber}>
                  <h3>
                    {member.firstName} {member.lastName}
                  </h3>
                  <dl class="facts">
                    <dt>{t('Numéro de dossier', 'Dossier number')}</dt>
                    <dd>{member.dossierNumber}</dd>
                    <dt>{t('Date de naissance', 'Date of birth')}</dt>
                    <dd>{formatDate(member.birthDate, locale)}</dd>
                    <dt>{t('Lien', 'Relationship')}</dt>
                    <dd>
                      {relationship[member.relationship] ?? member.relationship}
                      {member.dependent ? ` (${t('enfant à charge', 'dependent child')})` : ''}
                    </dd>
                  </dl>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </Page>
  );
}

interface MyRequest {
  reference: string;
  status: string;
  submittedAt: string;
  late: boolean;
  persons: Array<{ firstName: string; lastName: string; birthDate: string; relationship: string }>;
}

export function RequestsPage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const { data, problem, loading } = useLoad<MyRequest[]>('/me/dossier-requests');
  const status: Record<string, string> = {
    submitted: t('Reçue', 'Received'),
    in_review: t('En traitement', 'In review'),
    needs_info: t('Renseignements demandés (voir vos courriels)', 'Information requested (see your email)'),
    approved: t('Acceptée : numéros envoyés par courriel', 'Approved: numbers sent by email'),
    rejected: t('Refusée (voir vos courriels)', 'Rejected (see your email)'),
  };
  return (
    <Page title={t('Mes demandes', 'My requests')} wide>
      <p>
        {t('Vos demandes de numéro de dossier faites depuis ce compte. ', 'Your dossier number requests made from this account. ')}
        <Link to="/demande-de-numero-de-dossier">{t('Faire une demande de numéro de dossier', 'Request a dossier number')}</Link>
      </p>
      {loading ? <Loading /> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {data && !data.length ? <p>{t('Vous n’avez fait aucune demande.', 'You have made no request.')}</p> : null}
      {data?.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('Mes demandes', 'My requests')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('Référence', 'Reference')}</th>
                <th scope="col">{t('Reçue le', 'Received')}</th>
                <th scope="col">{t('Personnes', 'People')}</th>
                <th scope="col">{t('État', 'Status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((request) => (
                <tr key={request.reference}>
                  <th scope="row">{request.reference}</th>
                  <td>{formatDateTime(request.submittedAt, locale)}</td>
                  <td>{request.persons.map((p) => `${p.firstName} ${p.lastName}`).join(', ')}</td>
                  <td>
                    <span class={`status status-${request.status}`}>{status[request.status] ?? request.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
