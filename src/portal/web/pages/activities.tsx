import type { JSX } from 'preact';
import { Link, Page, useT } from '../ui';
import { useSession } from '../session';

/** Room for the catalogue and the registrations (the next piece of work): say so plainly, and where to go meanwhile. */
export function ActivitiesPage(): JSX.Element {
  const t = useT();
  const { me } = useSession();
  return (
    <Page title={t('Activités', 'Activities')}>
      <p>{t('La programmation des activités de la saison sera affichée ici dès son ouverture.', 'The season’s activities will be listed here as soon as they open.')}</p>
      {me ? null : (
        <p>
          {t('Préparez-vous dès maintenant : ', 'Get ready now: ')}
          <Link to="/creer-un-compte">{t('créez votre compte utilisateur', 'create your user account')}</Link>
          {t(' et liez-le à votre dossier.', ' and link it to your dossier.')}
        </p>
      )}
    </Page>
  );
}

export function RegistrationsPage(): JSX.Element {
  const t = useT();
  return (
    <Page title={t('Mes inscriptions', 'My registrations')}>
      <p>{t('Vos inscriptions aux activités apparaîtront ici.', 'Your registrations to activities will appear here.')}</p>
      <p>
        <Link to="/activites">{t('Voir les activités', 'See the activities')}</Link>
      </p>
    </Page>
  );
}
