import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, serviceNow, type Problem } from '../api';
import { useSession } from '../session';
import { flash, formatDate, formatDateTime, Link, Loading, navigate, Notice, Page, useLocale, useT } from '../ui';
import { ProblemNotice, useLoad } from './family';

interface Offering {
  code: string;
  activity: string;
  category: string;
  group: string;
  site: string;
  startsOn: string;
  endsOn: string;
  schedule: { weekday: number; start: string; end: string };
  ageMin: number;
  ageMax: number;
  ageOn: string;
  prices: { resident: number; nonResident: number };
  opensAt: { residents: string; nonResidents: string };
  closesAt: string;
  capacity: number;
  remaining: number;
  waitlist: number;
  status: 'upcoming' | 'open' | 'full' | 'closed';
}

interface Member {
  id: number;
  firstName: string;
  lastName: string;
  birthDate: string;
  relationship: string;
}

interface Hold {
  id: number;
  code: string;
  personIds: number[];
  expiresAt: string;
  amount: number;
}

const WEEKDAYS = {
  fr: ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** `09:00` → « 9 h », `09:45` → « 9 h 45 » (Office québécois de la langue française). */
function frenchTime(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return `${Number(h)} h${m === '00' ? '' : ` ${m}`}`;
}

export function money(cents: number, locale: 'fr' | 'en'): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100);
}

/** « Activités »: the catalogue by age, category and words, each offering's places left; a linked family chooses its members and holds seats. */
export function ActivitiesPage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const { me } = useSession();
  const params = new URLSearchParams(location.search);
  const [query, setQuery] = useState({ age: params.get('age') ?? '', category: params.get('category') ?? '', q: params.get('q') ?? '' });
  const [search, setSearch] = useState(query);
  const path = `/activities?${new URLSearchParams(Object.entries(search).filter(([, v]) => v.trim() !== '')).toString()}`;
  const { data, problem, loading, reload } = useLoad<{ items: Offering[]; total: number }>(path);
  const linked = me?.onboarding === 'complete';
  const household = useLoad<{ members: Member[] }>(linked ? '/me/household' : '');
  const [hold, setHold] = useState<Hold | null>(null);
  return (
    <Page title={t('Activités', 'Activities')} wide>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(query);
        }}
      >
        <div class="field">
          <label for="recherche-mots">{t('Mots', 'Words')}</label>
          <input id="recherche-mots" type="search" value={query.q} onInput={(e) => setQuery({ ...query, q: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="recherche-age">{t('Âge', 'Age')}</label>
          <input id="recherche-age" type="text" inputMode="numeric" maxLength={2} value={query.age} onInput={(e) => setQuery({ ...query, age: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="recherche-categorie">{t('Catégorie', 'Category')}</label>
          <input id="recherche-categorie" type="text" value={query.category} onInput={(e) => setQuery({ ...query, category: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <button type="submit" class="primary">
          {t('Rechercher', 'Search')}
        </button>
      </form>
      {hold ? <HoldPanel hold={hold} done={() => setHold(null)} /> : null}
      {loading ? <Loading /> : null}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {data ? (
        <p role="status">{data.total === 0 ? t('Aucun groupe trouvé.', 'No group found.') : data.total === 1 ? t('1 groupe trouvé.', '1 group found.') : t(`${data.total} groupes trouvés.`, `${data.total} groups found.`)}</p>
      ) : null}
      <ul class="offerings">
        {data?.items.map((offering) => (
          <li key={offering.code} class="card">
            <h2>{offering.activity}</h2>
            <p class="meta">
              {offering.group} — {offering.site}
            </p>
            <dl class="facts">
              <dt>{t('Horaire', 'Schedule')}</dt>
              <dd>
                {t(
                  `Le ${WEEKDAYS.fr[offering.schedule.weekday]} de ${frenchTime(offering.schedule.start)} à ${frenchTime(offering.schedule.end)}, du ${formatDate(offering.startsOn, 'fr')} au ${formatDate(offering.endsOn, 'fr')}`,
                  `${WEEKDAYS.en[offering.schedule.weekday]}s, ${offering.schedule.start} to ${offering.schedule.end}, ${formatDate(offering.startsOn, 'en')} to ${formatDate(offering.endsOn, 'en')}`,
                )}
              </dd>
              <dt>{t('Âges', 'Ages')}</dt>
              <dd>{t(`${offering.ageMin} à ${offering.ageMax} ans au ${formatDate(offering.ageOn, 'fr')}`, `${offering.ageMin} to ${offering.ageMax} on ${formatDate(offering.ageOn, 'en')}`)}</dd>
              <dt>{t('Prix', 'Price')}</dt>
              <dd>{t(`${money(offering.prices.resident, 'fr')} (résidents), ${money(offering.prices.nonResident, 'fr')} (non-résidents)`, `${money(offering.prices.resident, 'en')} (residents), ${money(offering.prices.nonResident, 'en')} (non-residents)`)}</dd>
              <dt>{t('Places restantes', 'Places left')}</dt>
              <dd>
                <strong>{offering.remaining}</strong> / {offering.capacity}
                {offering.waitlist ? t(` — ${offering.waitlist} en liste d'attente`, ` — ${offering.waitlist} on the waitlist`) : ''}
              </dd>
              {offering.status === 'upcoming' ? (
                <>
                  <dt>{t('Ouverture', 'Opens')}</dt>
                  <dd>{formatDateTime(offering.opensAt.residents, locale)}</dd>
                </>
              ) : null}
            </dl>
            {linked && household.data && (offering.status === 'open' || offering.status === 'full' || offering.status === 'upcoming') ? (
              <ChooseMembers offering={offering} members={household.data.members} onHeld={(h) => { setHold(h); reload(); }} />
            ) : null}
          </li>
        ))}
      </ul>
      {!me ? (
        <p>
          {t('Pour inscrire votre famille, ', 'To register your family, ')}
          <Link to="/connexion">{t('connectez-vous', 'log in')}</Link>.
        </p>
      ) : !linked ? (
        <p>
          <Link to="/activer-mon-dossier">{t('Activez votre dossier pour inscrire votre famille.', 'Activate your dossier to register your family.')}</Link>
        </p>
      ) : null}
    </Page>
  );
}

/** Choose the members (siblings together), then hold their seats, or join the waitlist of a full group. */
function ChooseMembers({ offering, members, onHeld }: { offering: Offering; members: Member[]; onHeld: (hold: Hold) => void }): JSX.Element {
  const t = useT();
  const [chosen, setChosen] = useState<number[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<number | null>(null);
  const legend = `${t('Qui inscrire à', 'Whom to register to')} ${offering.activity} (${offering.group})`;
  const send = async (path: '/me/holds' | '/me/waitlist') => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    const answer = await api<Hold & { position: number }>('POST', path, { code: offering.code, personIds: chosen }, { auth: true });
    setBusy(false);
    if (answer.ok) {
      if (path === '/me/holds') onHeld(answer.data);
      else setJoined(answer.data.position);
    } else if (answer.problem.code === 'waiting_room') {
      navigate(`/salle-d-attente?code=${encodeURIComponent(offering.code)}`);
    } else setProblem(answer.problem);
  };
  return (
    <form
      class="choose"
      onSubmit={(event) => {
        event.preventDefault();
        void send('/me/holds');
      }}
    >
      <fieldset>
        <legend>{legend}</legend>
        {members.map((member) => (
          <div class="field check" key={member.id}>
            <input
              type="checkbox"
              id={`choix-${offering.code}-${member.id}`}
              checked={chosen.includes(member.id)}
              onChange={(e) => setChosen((old) => ((e.currentTarget as HTMLInputElement).checked ? [...old, member.id] : old.filter((id) => id !== member.id)))}
            />
            <label for={`choix-${offering.code}-${member.id}`}>
              {member.firstName} {member.lastName}
            </label>
          </div>
        ))}
      </fieldset>
      {problem ? (
        <Notice kind="error">
          <p>{problem.title}</p>
          {problem.detail ? <p>{problem.detail}</p> : null}
          {(problem.errors ?? []).map((e, i) => (
            <p key={i}>{e.message}</p>
          ))}
        </Notice>
      ) : null}
      {joined !== null ? <Notice kind="success">{t(`Inscrit à la liste d'attente, position ${joined}. Vous serez avisé par courriel.`, `On the waitlist, position ${joined}. You will be told by email.`)}</Notice> : null}
      <button type="submit" class="primary" aria-disabled={busy || !chosen.length ? 'true' : undefined}>
        {t('Réserver les places', 'Hold the places')}
      </button>
      {problem?.code === 'offering_full' || offering.status === 'full' ? (
        <button type="button" class="secondary" onClick={() => void send('/me/waitlist')}>
          {t("Inscrire à la liste d'attente", 'Join the waitlist')}
        </button>
      ) : null}
    </form>
  );
}

/** The seats held, a visible countdown, and the checkout (one Idempotency-Key for this hold: a retry never registers twice). */
function HoldPanel({ hold, done }: { hold: Hold; done: () => void }): JSX.Element {
  const t = useT();
  const locale = useLocale();
  // crypto.randomUUID needs a secure context (https or localhost); getRandomValues works everywhere.
  const key = useRef(`portail-${hold.id}-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`);
  const [left, setLeft] = useState(Math.max(0, new Date(hold.expiresAt).getTime() - serviceNow()));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setLeft(Math.max(0, new Date(hold.expiresAt).getTime() - serviceNow())), 1000);
    return () => clearInterval(timer);
  }, [hold.expiresAt]);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const checkout = async () => {
    if (busy) return;
    setBusy(true);
    const answer = await api<{ total: number }>('POST', '/me/registrations', { holdIds: [hold.id] }, { auth: true, headers: { 'Idempotency-Key': key.current } });
    setBusy(false);
    if (answer.ok) {
      flash({ kind: 'success', text: t(`Inscription confirmée. Total : ${money(answer.data.total, 'fr')}. Un courriel de confirmation suit.`, `Registration confirmed. Total: ${money(answer.data.total, 'en')}. A confirmation email follows.`) });
      navigate('/mes-inscriptions');
    } else setProblem(answer.problem);
  };
  return (
    <section class="card hold" aria-labelledby="reservation-titre">
      <h2 id="reservation-titre">{t('Vos places sont réservées', 'Your places are held')}</h2>
      <p>
        {t(`Montant : ${money(hold.amount, 'fr')}.`, `Amount: ${money(hold.amount, 'en')}.`)} {t('Confirmez avant la fin du délai :', 'Confirm before the time runs out:')}{' '}
        <strong class="countdown" aria-live="off">
          {left > 0 ? `${minutes} min ${String(seconds).padStart(2, '0')} s` : t('délai passé', 'time is up')}
        </strong>{' '}
        ({t('jusqu’à', 'until')} {formatDateTime(hold.expiresAt, locale)})
      </p>
      {problem ? <ProblemNotice problem={problem} /> : null}
      <button type="button" class="primary" onClick={() => void checkout()} aria-disabled={busy ? 'true' : undefined}>
        {t("Confirmer l'inscription", 'Confirm the registration')}
      </button>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          await api('DELETE', `/me/holds/${hold.id}`, undefined, { auth: true });
          done();
        }}
      >
        {t('Libérer les places', 'Release the places')}
      </button>
    </section>
  );
}

interface WaitingRoom {
  status: 'waiting' | 'admitted' | 'not_needed';
  position: number | null;
  estimatedWaitSeconds: number | null;
  opensAt: string | null;
  admittedUntil: string | null;
}

/** The waiting room (R5): the family's place and the estimated wait, updated without reloading. */
export function WaitingRoomPage(): JSX.Element {
  const t = useT();
  const [room, setRoom] = useState<WaitingRoom | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const asked = new URLSearchParams(location.search).get('code');
  const code = asked && /^[A-Za-z0-9._-]{1,40}$/.test(asked) ? asked : null;
  useEffect(() => {
    let live = true;
    const look = async () => {
      const answer = await api<WaitingRoom>('POST', '/me/waiting-room', {}, { auth: true });
      if (!live) return;
      if (answer.ok) {
        setRoom(answer.data);
        if (answer.data.status !== 'waiting') {
          flash({ kind: 'success', text: t("C'est votre tour : choisissez vos activités.", 'It is your turn: choose your activities.') });
          // Back to the offering the family was holding when the room stopped it.
          navigate(code ? `/activites?q=${encodeURIComponent(code)}` : '/activites');
        }
      } else setProblem(answer.problem);
    };
    void look();
    const timer = setInterval(() => void look(), 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const wait = room?.estimatedWaitSeconds ?? null;
  return (
    <Page title={t("Salle d'attente", 'Waiting room')}>
      {room && room.position !== null ? (
        <p>{t("Les inscriptions sont ouvertes. Les familles sont admises une à une, dans l'ordre tiré au hasard à l'ouverture : inutile d'utiliser plusieurs appareils, votre place est la même partout.", 'Registration is open. Families are admitted one by one, in the order drawn at the opening: there is no need to use several devices, your place is the same everywhere.')}</p>
      ) : (
        <p>{t("Les inscriptions ouvrent bientôt. À l'ouverture, les familles présentes sont placées dans un ordre tiré au hasard, une place par famille : inutile d'utiliser plusieurs appareils.", 'Registration opens soon. At the opening, the families present are put in a random order, one place per family: there is no need to use several devices.')}</p>
      )}
      {problem ? <ProblemNotice problem={problem} /> : null}
      {room ? (
        <div class="card" aria-live="polite">
          {room.opensAt ? <p>{t(`Ouverture : ${formatDateTime(room.opensAt, 'fr')}`, `Opening: ${formatDateTime(room.opensAt, 'en')}`)}</p> : null}
          <p class="position">{room.position === null ? t('Votre place sera tirée au sort à l’ouverture.', 'Your place will be drawn at the opening.') : t(`Votre place : ${room.position}`, `Your place: ${room.position}`)}</p>
          {wait !== null && room.position !== null ? <p>{t(`Attente estimée : environ ${Math.ceil(wait / 60)} min`, `Estimated wait: about ${Math.ceil(wait / 60)} min`)}</p> : null}
          <p class="hint">{t('Cette page se met à jour toute seule. Gardez-la ouverte.', 'This page updates by itself. Keep it open.')}</p>
        </div>
      ) : (
        <Loading />
      )}
      <p>
        <Link to="/activites">{t('Retour aux activités', 'Back to the activities')}</Link>
      </p>
    </Page>
  );
}

interface MyRegistration {
  id: number;
  code: string;
  personId: number;
  status: string;
  amount: number;
  activity: string;
  group: string;
  startsOn: string;
  firstName: string;
  lastName: string;
}

interface WaitlistItem {
  id: number;
  code: string;
  activity: string;
  group: string;
  personIds: number[];
  position: number | null;
  status: string;
  expiresAt: string | null;
  amount: number;
}

/** « Mes inscriptions » and « Ma liste d'attente »: cancel before the start, accept an offer before its deadline. */
export function RegistrationsPage(): JSX.Element {
  const t = useT();
  const locale = useLocale();
  const registrations = useLoad<MyRegistration[]>('/me/registrations');
  const waitlist = useLoad<WaitlistItem[]>('/me/waitlist');
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = async (method: 'POST' | 'DELETE', path: string, success: string) => {
    setProblem(null);
    const answer = await api(method, path, method === 'POST' ? {} : undefined, { auth: true });
    if (answer.ok) {
      flash({ kind: 'success', text: success }, { here: true });
      registrations.reload();
      waitlist.reload();
    } else setProblem(answer.problem);
  };
  const statusLabel: Record<string, string> = {
    confirmed: t('Confirmée', 'Confirmed'),
    cancelled: t('Annulée', 'Cancelled'),
    waiting: t('En attente', 'Waiting'),
    offered: t('Place offerte', 'Place offered'),
    accepted: t('Acceptée', 'Accepted'),
    lapsed: t('Offre expirée', 'Offer lapsed'),
    left: t('Retirée', 'Left'),
  };
  return (
    <Page title={t('Mes inscriptions', 'My registrations')} wide>
      {problem ? <ProblemNotice problem={problem} /> : null}
      {registrations.loading ? <Loading /> : null}
      {registrations.data && !registrations.data.length ? (
        <p>
          {t('Aucune inscription pour le moment. ', 'No registration yet. ')}
          <Link to="/activites">{t('Voir les activités', 'See the activities')}</Link>
        </p>
      ) : null}
      <ul class="people">
        {registrations.data?.map((r) => (
          <li key={r.id}>
            <h3>
              {r.activity} — {r.group}
            </h3>
            <dl class="facts">
              <dt>{t('Personne', 'Person')}</dt>
              <dd>
                {r.firstName} {r.lastName}
              </dd>
              <dt>{t('Début', 'Starts')}</dt>
              <dd>{formatDate(r.startsOn, locale)}</dd>
              <dt>{t('Montant', 'Amount')}</dt>
              <dd>{money(r.amount, locale)}</dd>
              <dt>{t('État', 'Status')}</dt>
              <dd>{statusLabel[r.status] ?? r.status}</dd>
            </dl>
            {r.status === 'confirmed' ? (
              <button type="button" class="secondary" onClick={() => void act('DELETE', `/me/registrations/${r.id}`, t('Inscription annulée.', 'Registration cancelled.'))}>
                {t(`Annuler l'inscription de ${r.firstName}`, `Cancel ${r.firstName}'s registration`)}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t("Ma liste d'attente", 'My waitlist')}</h2>
      {waitlist.data && !waitlist.data.length ? <p>{t("Aucune inscription à une liste d'attente.", 'No waitlist entry.')}</p> : null}
      <ul class="people">
        {waitlist.data?.map((w) => (
          <li key={w.id}>
            <h3>
              {w.activity} — {w.group}
            </h3>
            <dl class="facts">
              <dt>{t('État', 'Status')}</dt>
              <dd>{statusLabel[w.status] ?? w.status}</dd>
              {w.position !== null ? (
                <>
                  <dt>{t('Position', 'Position')}</dt>
                  <dd>{w.position}</dd>
                </>
              ) : null}
              {w.expiresAt ? (
                <>
                  <dt>{t('Accepter avant', 'Accept before')}</dt>
                  <dd>{formatDateTime(w.expiresAt, locale)}</dd>
                </>
              ) : null}
            </dl>
            {w.status === 'offered' ? (
              <button type="button" class="primary" onClick={() => void act('POST', `/me/waitlist/${w.id}/accept`, t('Places acceptées : inscription confirmée.', 'Places accepted: registration confirmed.'))}>
                {t("Accepter l'offre", 'Accept the offer')}
              </button>
            ) : null}
            {w.status === 'waiting' || w.status === 'offered' ? (
              <button type="button" class="secondary" onClick={() => void act('DELETE', `/me/waitlist/${w.id}`, t("Retiré de la liste d'attente.", 'Left the waitlist.'))}>
                {t("Quitter la liste d'attente", 'Leave the waitlist')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </Page>
  );
}
