import React, { useState } from 'react';
import { Box, Button, FormGroup, Label, Text, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { usePostAction } from './post-action.js';

/**
 * The screen of the panel's record actions (resend, unlock, unlink, retry, reset the second factor):
 * the action's confirmation sentence (its `guard`), then a button that POSTs the action. AdminJS's
 * own button would call a screenless action with a GET, and a GET must not change anything. An
 * action declaring `custom: { note: 'required' }` also asks for a reason (posted as `note`, label
 * `<action>Note`): the button waits for it, and the server refuses an empty one all the same.
 */
const ConfirmAction = ({ action, record, resource }) => {
  const { translateMessage, translateAction } = useTranslation();
  const { busy, post } = usePostAction({ action, record, resource });
  const [note, setNote] = useState('');
  const asksNote = Boolean(action.custom && action.custom.note);
  const required = asksNote && action.custom.note === 'required';
  const confirm = () => post(asksNote ? { note } : {});
  const fieldId = `${action.name}-note`;
  return (
    <Box variant="white" padding="xl">
      <Text mb="lg">{translateMessage(action.guard, resource.id)}</Text>
      <Text mb="xl"><strong>{record.title}</strong></Text>
      {asksNote ? (
        <FormGroup>
          <Label htmlFor={fieldId} required={required}>{translateMessage(`${action.name}Note`, resource.id)}</Label>
          <TextArea id={fieldId} name="note" rows={3} width="100%" maxLength={1000} required={required} value={note} onChange={(event) => setNote(event.target.value)} />
        </FormGroup>
      ) : null}
      <Button variant={action.variant === 'danger' ? 'danger' : 'contained'} onClick={confirm} disabled={busy || (required && !note.trim())}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default ConfirmAction;
