import React, { useEffect, useState } from 'react';
import { Box, H2, H3, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation, ViewHelpers } from 'adminjs';
import { formatInstant } from './DateTime.jsx';

const api = new ApiClient();
const h = new ViewHelpers();
const show = (resourceId, id) => h.recordActionUrl({ resourceId, recordId: String(id), actionName: 'show' });

const PANEL_STYLE = { border: '1px solid #c9d3de', borderRadius: '4px', background: '#f7f9fb' };

/**
 * The resident beside a thread or a request (issue 18): who wrote or applied and how they were
 * recognised, their households (address, phones, members with ages and accounts), their linked
 * accounts, and what they asked before, each a link to its page. Read through the record action
 * `context` (ResidentContexts), which records the consultation.
 */
const ResidentContext = ({ resourceId, recordId }) => {
  const { translateMessage, translateProperty, i18n } = useTranslation();
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
        <strong>{resident.personId ? <Link href={show('persons', resident.personId)}>{resident.name}</Link> : (resident.name || resident.email)}</strong>
        {resident.dossierNumber ? ` — ${m('contextDossier', { number: resident.dossierNumber })}` : ''}
      </Text>
      <Text mb="default">{resident.email}</Text>
      <Text mb="lg"><em>{m(`contextMatch_${context.match}`)}</em></Text>

      {context.households.map((household) => (
        <Box key={household.id} mb="lg">
          <H3 mb="sm" style={{ fontSize: '16px' }}><Link href={show('households', household.id)}>{m('contextHousehold', { id: household.id })}</Link></H3>
          <Text mb="sm">{household.address}</Text>
          {household.phones.length > 0 && (
            <Text mb="sm">{household.phones.map((p) => `${p.number} (${m(`contextPhone_${p.kind}`)})`).join(', ')}</Text>
          )}
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{m('contextMember')}</TableCell>
                <TableCell>{m('contextAge')}</TableCell>
                <TableCell>{m('contextRole')}</TableCell>
                <TableCell>{m('contextAccount')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {household.members.map((member) => (
                <TableRow key={member.personId}>
                  <TableCell>
                    <Link href={show('persons', member.personId)}>{member.name}</Link>
                    <br /><small>{member.dossierNumber}</small>
                  </TableCell>
                  <TableCell>{m('contextYears', { count: member.age })}</TableCell>
                  <TableCell>{m(`contextRole_${member.role}`)}{member.dependent ? ` (${m('contextDependent')})` : ''}</TableCell>
                  <TableCell>{member.accountId ? <Link href={show('accounts', member.accountId)}>{member.accountEmail || `n° ${member.accountId}`}</Link> : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ))}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextAccounts')}</H3>
      {context.accounts.length ? (
        <ul style={{ marginBottom: '16px', marginLeft: '20px', listStyle: 'disc' }}>
          {context.accounts.map((a) => <li key={a.id}><Link href={show('accounts', a.id)}>{a.email}</Link></li>)}
        </ul>
      ) : <Text mb="lg">{m('contextNone')}</Text>}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextRequests')}</H3>
      {context.requests.length ? (
        <ul style={{ marginBottom: '16px', marginLeft: '20px', listStyle: 'disc' }}>
          {context.requests.map((r) => (
            <li key={r.id}><Link href={show('dossier_requests', r.id)}>{r.reference}</Link> — {translateProperty(`status.${r.status}`, 'dossier_requests')} — {when(r.createdAt)}</li>
          ))}
        </ul>
      ) : <Text mb="lg">{m('contextNone')}</Text>}

      <H3 mb="sm" style={{ fontSize: '16px' }}>{m('contextThreads')}</H3>
      {context.threads.length ? (
        <ul style={{ marginLeft: '20px', listStyle: 'disc' }}>
          {context.threads.map((t) => (
            <li key={t.id}><Link href={show('threads', t.id)}>{t.reference}</Link> — {t.subject} — {translateProperty(`status.${t.status}`, 'threads')} — {when(t.receivedAt)}</li>
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
