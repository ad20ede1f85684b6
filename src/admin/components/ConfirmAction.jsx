import React, { useState } from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { useNavigate } from 'react-router';

const api = new ApiClient();

/**
 * The screen of the panel's record actions (resend, unlock, unlink, retry, reset the second factor):
 * the action's confirmation sentence (its `guard`), then a button that POSTs the action. AdminJS's
 * own button would call a screenless action with a GET, and a GET must not change anything.
 */
const ConfirmAction = ({ action, record, resource }) => {
  const { translateMessage, translateButton, translateAction } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const { data } = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: new FormData() });
      if (data.notice) addNotice(data.notice);
      if (data.redirectUrl) navigate(data.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box variant="white" padding="xl">
      <Text mb="lg">{translateMessage(action.guard, resource.id)}</Text>
      <Text mb="xl"><strong>{record.title}</strong></Text>
      <Button variant={action.variant === 'danger' ? 'danger' : 'contained'} onClick={confirm} disabled={busy}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default ConfirmAction;
