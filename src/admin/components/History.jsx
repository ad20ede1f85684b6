import React from 'react';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatInstant } from './DateTime.jsx';

const AT = { type: 'datetime', custom: {} };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One changed field: « Nom : Tremblay → Tremblay-Roy », « Statut : À traiter → Répondue ». */
const Change = ({ field, change, resourceId, timeZone }) => {
  const { translateLabel, translateProperty, tl, i18n } = useTranslation();
  // A field of one of several parts (`member:1000009`, a household's member): its label, then the part.
  const [name, part] = field.split(':');
  const show = (value) => {
    if (value === null || value === undefined || value === '') return '∅';
    if (typeof value === 'object') return JSON.stringify(value);
    const text = String(value);
    // An instant as the rest of the panel shows it; a value with a name (a status) by its name.
    if (INSTANT.test(text)) return formatInstant(text, { type: 'datetime', custom: { timeZone } }, i18n.language);
    return tl(`${field}.${text}`, resourceId, { defaultValue: text });
  };
  return (
    <div>
      <strong>{part ? `${translateLabel(name, resourceId)} ${part}` : translateProperty(field, resourceId)}</strong> : {show(change.before)} → {show(change.after)}
    </div>
  );
};

/**
 * « Historique » of a record (SPEC S2, S3): the audit log's lines of this record, newest first — who,
 * when, what, and each changed field's value before and after.
 */
const History = ({ property, record, resource }) => {
  const { translateLabel, translateMessage, translateAction, i18n } = useTranslation();
  let entries = [];
  try {
    entries = JSON.parse(record.params[property.path] || '[]');
  } catch {
    entries = [];
  }
  const timeZone = (property.custom && property.custom.timeZone) || 'America/Toronto';
  return (
    <Box mb="xl">
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
                <TableCell>{formatInstant(entry.at, { ...AT, custom: { timeZone } }, i18n.language)}</TableCell>
                <TableCell>{entry.who}</TableCell>
                <TableCell>{translateAction(entry.action, resource.id)}</TableCell>
                <TableCell>
                  {Object.entries(entry.changes || {}).map(([field, change]) => (
                    <Change key={field} field={field} change={change} resourceId={resource.id} timeZone={timeZone} />
                  ))}
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
