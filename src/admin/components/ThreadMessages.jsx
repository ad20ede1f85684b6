import React from 'react';
import { Box, Label, Link, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatInstant } from './DateTime.jsx';

/**
 * A thread's conversation, oldest first: the resident's messages, the city's replies and, tinted,
 * the staff's internal notes; each body as plain text (never HTML), with its attachments.
 */
const ThreadMessages = ({ property, record, resource }) => {
  const { translateLabel, translateProperty, i18n } = useTranslation();
  let messages = [];
  try {
    messages = JSON.parse(record.params[property.path] || '[]');
  } catch {
    messages = [];
  }
  const zone = { type: 'datetime', custom: property.custom || {} };
  return (
    <Box mb="xl" data-testid="thread-messages">
      <Label>{translateProperty(property.label, resource.id)}</Label>
      {messages.map((message) => {
        const internal = message.visibility === 'internal';
        const background = internal ? '#fff8e1' : message.author === 'staff' ? '#eef4fa' : '#ffffff';
        return (
          <Box key={message.id} mb="lg" p="lg" style={{ background, border: '1px solid #dde3ea', borderRadius: '4px' }}>
            <Text mb="default" style={{ fontWeight: 'bold' }}>
              {translateLabel(internal ? 'threadInternalNote' : message.author === 'staff' ? 'threadFromCity' : 'threadFromResident', resource.id)}
              {message.staffName ? ` — ${message.staffName}` : ''} — {formatInstant(message.createdAt, zone, i18n.language)}
            </Text>
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.body}</div>
            {(message.attachments || []).map((a) => (
              <div key={a.id}>
                <Link href={`/admin/mailbox/attachments/${a.id}`}>{a.filename}</Link> ({a.contentType}, {Math.ceil(a.size / 1024)} ko)
              </div>
            ))}
          </Box>
        );
      })}
    </Box>
  );
};

export default ThreadMessages;
