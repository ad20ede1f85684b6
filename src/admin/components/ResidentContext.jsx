import React, { useEffect, useState } from 'react';
import { Box, H2, H3, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, ViewHelpers } from 'adminjs';
import { formatInstant } from './DateTime.jsx';

const api = new ApiClient();
const h = new ViewHelpers();
// Links inside sentences are underlined: told apart from the text without relying on colour (WCAG 1.4.1).
const UNDERLINED = { textDecoration: 'underline' };
const show = (resourceId, id) => h.recordActionUrl({ resourceId, recordId: String(id), actionName: 'show' });

// The members' table fits the panel: fixed columns, long addresses wrapped.
const TABLE_STYLE = { width: '100%', tableLayout: 'fixed' };
const CELL = { padding: '8px', overflowWrap: 'anywhere' };
const PANEL_STYLE = { border: '1px solid #c9d3de', borderRadius: '4px', background: '#f7f9fb', overflowWrap: 'anywhere' };

/**
 * The resident beside a thread or a request (issue 18): who wrote or applied and how they were
 * recognised, their households (address, phones, members with ages and accounts), their linked
 * accounts, and what they asked before, each a link to its page. Read through the record action
 * `context` (ResidentContexts), which records the consultation.
 */
const ResidentContext = ({ resourceId, recordId }) => {
  const { translateMessage, i18n } = useTranslation();
  const m = (key, options) => translateMessage(key, resourceId, options);
  const [answer, setAnswer] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.recordAction({ resourceId, recordId, actionName: 'context' })
      .then(({ data }) => live && (data.context ? setAnswer(data) : setFailed(true)))
      .catch(() => live && setFailed(true));
    return () => { live = false; };
  }, [resourceId, recordId]);

  if (failed) return <Box p="lg" style={PANEL_STYLE}><Text>{m('contextUnavailable')}</Text></Box>;
  if (!answer) return <Box p="lg" style={PANEL_STYLE} aria-busy="true"><Text>{m('contextLoading')}</Text></Box>;
  const { context, timeZone } = answer;
  const when = (value) => formatInstant(value, { type: 'datetime', custom: { timeZone } }, i18n.language);
  const { resident } = context;
  return (
    <Box as="aside" p="lg" style={PANEL_STYLE} data-testid="resident-context" aria-labelledby="resident-context-title">
      <H2 id="resident-context-title" mb="default" style={{ fontSize: '18px' }}>{m('contextTitle')}</H2>
      <Text mb="default">
        <strong>{resident.personId ? <Link style={UNDERLINED} href={show('persons', resident.personId)}>{resident.name}</Link> : (resident.name || resident.email)}</strong>
        {resident.dossierNumber ? ` — ${m('contextDossier', { number: resident.dossierNumber })}` : ''}
      </Text>
      <Text mb="default">{resident.email}</Text>
      <Text mb="lg"><em>{m(`contextMatch_${context.match}`)}</em></Text>

      {context.households.map((household) => (
        <Box key={household.id} mb="lg">
          <H3 mb="sm" style={{ fontSize: '16px' }}><Link style={UNDERLINED} href={show('households', household.id)}>{m('contextHousehold', { id: household.id })}</Link></H3>
          <Text mb="sm">{household.address}</Text>
          {household.phones.length > 0 && (
            <Text mb="sm">{household.phones.map((p) => `${p.number} (${m(`contextPhone_${p.kind}`)})`).join(', ')}</Text>
          )}
          <Table style={TABLE_STYLE}>
            <TableHead>
              <TableRow>
                <TableCell style={{ ...CELL, width: '58%' }}>{m('contextMember')}</TableCell>
                <TableCell style={{ ...CELL, width: '14%' }}>{m('contextAge')}</TableCell>
                <TableCell style={{ ...CELL, width: '28%' }}>{m('contextRole')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {household.members.map((member) => (
                <TableRow key={member.personId}>
                  <TableCell style={CELL}>
                    <Link style={UNDERLINED} href={show('persons', member.personId)}>{member.name}</Link>
                    <br /><small>{m('contextDossier', { number: member.dossierNumber })}</small>
                    {member.accountId ? (
                      <><br /><small>{m('contextAccount')} : <Link style={UNDERLINED} href={show('accounts', member.accountId)}>{member.accountEmail || `n° ${member.accountId}`}</Link></small></>
                    ) : null}
                  </TableCell>
                  <TableCell style={CELL}>{m(member.age >= 2 ? 'contextYears' : 'contextYear', { count: member.age })}</TableCell>
                  <TableCell style={CELL}>{m(`contextRole_${member.role}`)}{member.dependent ? ` (${m('contextDependent')})` : ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ))}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextAccounts')}</H3>
      {context.accounts.length ? (
        <ul style={{ marginBottom: '16px', marginLeft: '20px', listStyle: 'disc' }}>
          {context.accounts.map((a) => <li key={a.id}><Link style={UNDERLINED} href={show('accounts', a.id)}>{a.email}</Link></li>)}
        </ul>
      ) : <Text mb="lg">{m('contextNoAccount')}</Text>}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextRequests')}</H3>
      {context.requests.length ? (
        <ul style={{ marginBottom: '16px', marginLeft: '20px', listStyle: 'disc' }}>
          {context.requests.map((r) => (
            <li key={r.id}><Link style={UNDERLINED} href={show('dossier_requests', r.id)}>{r.reference}</Link> — {m(`requestStatus_${r.status}`)} — {when(r.createdAt)}</li>
          ))}
        </ul>
      ) : <Text mb="lg">{m('contextNone')}</Text>}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextThreads')}</H3>
      {context.threads.length ? (
        <ul style={{ marginLeft: '20px', listStyle: 'disc' }}>
          {context.threads.map((t) => (
            <li key={t.id}><Link style={UNDERLINED} href={show('threads', t.id)}>{t.reference}</Link> — {t.subject} — {m(`threadStatus_${t.status}`)} — {when(t.receivedAt)}</li>
          ))}
        </ul>
      ) : <Text>{m('contextNone')}</Text>}
    </Box>
  );
};

/** An action's screen with the resident's context beside it (below it on a narrow screen). */
export const BesideContext = ({ resourceId, recordId, width = '400px', children }) => (
  <Box flex flexDirection={['column', 'column', 'column', 'row']} style={{ gap: '24px' }}>
    {children}
    <Box flexShrink={0} width={['100%', '100%', '100%', width]}>
      <ResidentContext resourceId={resourceId} recordId={recordId} />
    </Box>
  </Box>
);

export default ResidentContext;
