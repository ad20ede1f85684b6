import { useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { useNavigate } from 'react-router';

const api = new ApiClient();

/**
 * The POST of a record action's form (never a GET: a link must not change anything), then its
 * notice and the page it sends the staff member to. `busy` while it runs.
 */
export function usePostAction({ action, record, resource }) {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const post = async (fields) => {
    setBusy(true);
    try {
      const data = new FormData();
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) data.set(key, value);
      const { data: answer } = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      if (answer.notice) addNotice(answer.notice);
      if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };
  return { busy, post };
}

/** A JSON value of the record's params (`screen`: what an action's form offers), or `fallback`. */
export function parseParam(value, fallback) {
  try {
    return value ? JSON.parse(value) : fallback;
  } catch {
    return fallback;
  }
}
