import React, { useState } from 'react';
import { Box, Button, Label, Text, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { parseParam, usePostAction } from './post-action.js';

const SELECT_STYLE = { width: '100%', padding: '8px', fontSize: '14px', border: '1px solid #c0c8d2', borderRadius: '4px', background: 'white' };

/**
 * The screens of the mailbox's actions on a thread (take, assign, reply, note, close, reopen): the
 * action's sentence, its form (the reply or the note, the staff member to assign), and a button
 * that POSTs it. A GET only reads the thread.
 */
const ThreadAction = ({ action, record, resource }) => {
  const { translateMessage, translateAction } = useTranslation();
  const { busy, post } = usePostAction({ action, record, resource });
  const [fields, setFields] = useState({});
  // A reply starts with its greeting (« Bonjour Marie, »), until the clerk changes it: the email adds none above the clerk's text.
  const greeting = action.name === 'reply' ? parseParam(record.params.screen, {}).greeting : undefined;
  const body = fields.body ?? (greeting ? `${greeting}\n\n` : '');
  const onText = (name) => (event) => setFields((current) => ({ ...current, [name]: event.target.value }));
  const m = (key) => translateMessage(key, resource.id);

  const submit = (event) => {
    event.preventDefault();
    return post(action.name === 'reply' ? { ...fields, body } : fields);
  };

  let form = null;
  if (action.name === 'reply' || action.name === 'note') {
    form = (
      <Box mb="lg">
        <Label htmlFor="body">{m(action.name === 'reply' ? 'threadReplyBody' : 'threadNoteBody')}</Label>
        <TextArea id="body" name="body" width="100%" rows={10} value={action.name === 'reply' ? body : fields.body || ''} onChange={onText('body')} required />
      </Box>
    );
  } else if (action.name === 'assign') {
    const staff = parseParam(record.params.screen, []);
    form = (
      <Box mb="lg">
        <Label htmlFor="staffId">{m('threadAssignee')}</Label>
        <select id="staffId" name="staffId" style={SELECT_STYLE} value={fields.staffId || ''} onChange={onText('staffId')} required>
          <option value="">{m('threadChoose')}</option>
          {staff.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
        </select>
      </Box>
    );
  }

  return (
    <Box variant="white" padding="xl" as="form" onSubmit={submit}>
      <Text mb="lg">{m(`${action.name}ThreadConfirm`)}</Text>
      <Text mb="xl"><strong>{record.title}</strong> — {record.params.subject}</Text>
      {form}
      <Button type="submit" variant={action.variant === 'danger' ? 'danger' : 'contained'} disabled={busy}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default ThreadAction;
