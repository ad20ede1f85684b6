import React from 'react';
import { Box, Label, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { parseParam } from './post-action.js';

/** Changed fields as the server words them (src/admin/values.ts): « Responsable : aucun → Marie Tremblay ». */
export const ChangeList = ({ changes }) => (
  <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
    {changes.map((c) => (
      <li key={c.field}>
        <strong>{c.label}</strong> : {c.before} → {c.after}
      </li>
    ))}
  </ul>
);

/**
 * « Historique » of a record (SPEC S2, S3; a person's « Consultations et modifications »): the
 * audit log's lines of this record, newest first — when (a link to the entry for those who may read
 * the log), who, what, and each changed field before and after, all worded by the server.
 */
const History = ({ property, record, resource }) => {
  const { translateLabel, translateMessage } = useTranslation();
  const entries = parseParam(record.params[property.path], []);
  return (
    <Box mb="xl" data-testid="history">
      <Label>{translateLabel('history', resource.id)}</Label>
      {entries.length === 0 ? (
        <Text>{translateMessage('historyEmpty', resource.id)}</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>{translateLabel('historyWhen', resource.id)}</TableCell>
              <TableCell>{translateLabel('historyWho', resource.id)}</TableCell>
              <TableCell>{translateLabel('historyWhat', resource.id)}</TableCell>
              <TableCell>{translateLabel('historyChanges', resource.id)}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>{entry.href ? <Link href={entry.href}>{entry.at}</Link> : entry.at}</TableCell>
                <TableCell>{entry.who}</TableCell>
                <TableCell>{entry.action}</TableCell>
                <TableCell>
                  {entry.changes.length ? <ChangeList changes={entry.changes} /> : null}
                  {entry.note ? <div><em>{entry.note}</em></div> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default History;
