import React, { useEffect, useState } from 'react';
import { Box, H1, H2, Link, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, ViewHelpers } from 'adminjs';
import { useLocation } from 'react-router';
import { formatInstant } from './DateTime.jsx';

const api = new ApiClient();
const h = new ViewHelpers();
// Links inside sentences are underlined: told apart from the text without relying on colour (WCAG 1.4.1).
const UNDERLINED = { textDecoration: 'underline' };
const show = (resourceId, id) => h.recordActionUrl({ resourceId, recordId: String(id), actionName: 'show' });

/** One kind of result: its heading and its links, or « Aucun résultat ». */
const Group = ({ id, title, items, render }) => (
  <Box as="section" mb="xl" aria-labelledby={`search-${id}`} data-testid={`search-${id}`}>
    <H2 id={`search-${id}`} mb="default" style={{ fontSize: '18px' }}>{title} ({items.length})</H2>
    {items.length ? <ul style={{ marginLeft: '20px', listStyle: 'disc' }}>{items.map((item) => <li key={item.id} style={{ marginBottom: '6px' }}>{render(item)}</li>)}</ul> : null}
  </Box>
);

/**
 * The search box's results (`/admin/pages/recherche?q=…`): persons, households, requests and
 * threads, each linking to its page; closed requests and threads are found too.
 */
const SearchPage = () => {
  const { translateMessage, i18n } = useTranslation();
  const m = (key, options) => translateMessage(key, undefined, options);
  const location = useLocation();
  const query = new URLSearchParams(location.search).get('q') || '';
  const [answer, setAnswer] = useState(null);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    if (!query.trim()) return undefined;
    api.getPage({ pageName: 'recherche', params: { q: query } }).then(({ data }) => live && setAnswer(data)).catch(() => live && setAnswer({ failed: true }));
    return () => { live = false; };
  }, [query]);

  const when = (value) => formatInstant(value, { type: 'datetime', custom: { timeZone: answer && answer.timeZone } }, i18n.language);
  let body;
  if (!query.trim()) body = <Text>{m('searchHelp')}</Text>;
  else if (!answer) body = <Text aria-busy="true">{m('searchLoading')}</Text>;
  else if (answer.failed) body = <Text>{m('searchFailed')}</Text>;
  else {
    const { persons, households, requests, threads } = answer.results;
    const total = persons.length + households.length + requests.length + threads.length;
    body = (
      <>
        <Text mb="xl" role="status">{total ? m(total === 1 ? 'searchCountOne' : 'searchCount', { count: total, query, interpolation: { escapeValue: false } }) : m('searchNothing', { query, interpolation: { escapeValue: false } })}</Text>
        <Group id="persons" title={m('searchPersons')} items={persons} render={(p) => (
          <><Link style={UNDERLINED} href={show('persons', p.id)}>{p.name}</Link> — {m('searchDossier', { number: p.dossierNumber })} — {m('searchBorn', { date: p.birthDate })}{p.email ? ` — ${p.email}` : ''}</>
        )} />
        <Group id="households" title={m('searchHouseholds')} items={households} render={(f) => (
          <><Link style={UNDERLINED} href={show('households', f.id)}>{m('searchHousehold', { id: f.id })} — {f.address}</Link>{f.members.length ? ` — ${f.members.join(', ')}` : ''}</>
        )} />
        <Group id="requests" title={m('searchRequests')} items={requests} render={(r) => (
          <><Link style={UNDERLINED} href={show('dossier_requests', r.id)}>{r.reference}</Link> — {r.name} — {m(`requestStatus_${r.status}`)} — {when(r.createdAt)}</>
        )} />
        <Group id="threads" title={m('searchThreads')} items={threads} render={(t) => (
          <><Link style={UNDERLINED} href={show('threads', t.id)}>{t.reference}</Link> — {t.subject} — {t.email} — {m(`threadStatus_${t.status}`)} — {when(t.receivedAt)}</>
        )} />
      </>
    );
  }
  return (
    <Box variant="white" padding="xl" m={['default', 'xl']}>
      <H1 mb="lg" style={{ fontSize: '24px' }}>{m('searchTitle')}</H1>
      {body}
    </Box>
  );
};

export default SearchPage;
