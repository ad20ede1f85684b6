import React, { useState } from 'react';
import { Box, Button, Label, Text, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { parseParam, usePostAction } from './post-action.js';
import { BesideContext } from './ResidentContext.jsx';

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
  // A reply's screen: its greeting (« Bonjour Marie, ») and the reply templates filled for this thread.
  const screen = action.name === 'reply' ? parseParam(record.params.screen, {}) : {};
  // A reply starts with its greeting until the clerk changes it: the email adds none above the clerk's text.
  const body = fields.body ?? (screen.greeting ? `${screen.greeting}\n\n` : '');
  const onText = (name) => (event) => setFields((current) => ({ ...current, [name]: event.target.value }));
  const m = (key) => translateMessage(key, resource.id);

  const submit = (event) => {
    event.preventDefault();
    return post(action.name === 'reply' ? { body, staffId: fields.staffId } : { body: fields.body, staffId: fields.staffId });
  };

  let form = null;
  if (action.name === 'reply' || action.name === 'note') {
    // « Réponses types »: filled for this thread on the server; choosing one replaces the text, which stays editable.
    const templates = screen.templates ?? [];
    const choose = (event) => {
      const chosen = templates.find((t) => String(t.id) === event.target.value);
      setFields((current) => ({ ...current, template: event.target.value, ...(chosen ? { body: chosen.body } : {}) }));
    };
    form = (
      <Box mb="lg">
        {templates.length > 0 && (
          <Box mb="lg">
            <Label htmlFor="template">{m('threadTemplate')}</Label>
            <select id="template" style={SELECT_STYLE} value={fields.template || ''} onChange={choose}>
              <option value="">{m('threadNoTemplate')}</option>
              {templates.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
            </select>
          </Box>
        )}
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

  const page = (
    <Box variant="white" padding="xl" as="form" onSubmit={submit} flexGrow={1} style={{ minWidth: 0 }}>
      <Text mb="lg">{m(`${action.name}ThreadConfirm`)}</Text>
      <Text mb="xl"><strong>{record.title}</strong> — {record.params.subject}</Text>
      {form}
      <Button type="submit" variant={action.variant === 'danger' ? 'danger' : 'contained'} disabled={busy}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
  if (action.name !== 'reply' && action.name !== 'note') return page;
  // Answering with the resident's family, accounts and earlier messages in view.
  return <BesideContext resourceId={resource.id} recordId={record.id}>{page}</BesideContext>;
};

export default ThreadAction;
