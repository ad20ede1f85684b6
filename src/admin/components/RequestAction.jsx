import React, { useState } from 'react';
import { Box, Button, Input, Label, Radio, Text, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { parseParam, usePostAction } from './post-action.js';
import { BesideContext } from './ResidentContext.jsx';

const SELECT_STYLE = { width: '100%', padding: '8px', fontSize: '14px', border: '1px solid #c0c8d2', borderRadius: '4px', background: 'white' };

/** A labelled field of the form. */
const Field = ({ id, label, children }) => (
  <Box mb="lg">
    <Label htmlFor={id}>{label}</Label>
    {children}
  </Box>
);

/** One choice of a group of radio buttons. */
const Choice = ({ id, name, value, checked, onChange, children }) => (
  <Box flex alignItems="center" mb="default">
    <Radio id={id} name={name} value={value} checked={checked} onChange={() => onChange(value)} />
    <Label inline htmlFor={id} ml="default" mb="0">{children}</Label>
  </Box>
);

/**
 * The screens of the clerks' actions on a dossier-number request (take, assign, approve, askInfo,
 * resume, reject): the action's sentence, its form, and a button that POSTs it. Nothing changes on
 * a GET: the screen only reads the record (and `params.screen`, what the form offers).
 */
const RequestAction = ({ action, record, resource }) => {
  const { translateMessage, translateAction, i18n } = useTranslation();
  const { busy, post } = usePostAction({ action, record, resource });
  const [fields, setFields] = useState({ household: 'new' });
  const set = (name) => (value) => setFields((current) => ({ ...current, [name]: value }));
  const onText = (name) => (event) => set(name)(event.target.value);
  const m = (key, options) => translateMessage(key, resource.id, options);
  const screen = parseParam(record.params.screen, null);
  const language = i18n.language === 'en' ? 'en' : 'fr';

  const submit = (event) => {
    event.preventDefault();
    return post(fields);
  };

  let form = null;
  if (action.name === 'assign') {
    const clerks = screen || [];
    form = (
      <Field id="clerkId" label={m('requestClerk')}>
        <select id="clerkId" name="clerkId" style={SELECT_STYLE} value={fields.clerkId || ''} onChange={onText('clerkId')} required>
          <option value="">{m('requestChoose')}</option>
          {clerks.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </Field>
    );
  } else if (action.name === 'approve') {
    const { households = [], persons = [] } = screen || {};
    form = (
      <>
        <Box mb="lg">
          <Text mb="default">{m('requestApprovePersons')}</Text>
          <ul style={{ marginLeft: '20px', listStyle: 'disc' }}>{persons.map((p) => <li key={p}>{p}</li>)}</ul>
        </Box>
        <Box mb="lg" role="radiogroup" aria-label={m('requestHousehold')}>
          <Label>{m('requestHousehold')}</Label>
          <Choice id="household-new" name="household" value="new" checked={fields.household === 'new'} onChange={set('household')}>{m('requestNewHousehold')}</Choice>
          {households.map((h) => (
            <Choice key={h.value} id={`household-${h.value}`} name="household" value={h.value} checked={fields.household === h.value} onChange={set('household')}>
              {m('requestIntoHousehold', { household: h.label, interpolation: { escapeValue: false } })}
            </Choice>
          ))}
          <Choice id="household-number" name="household" value="number" checked={fields.household === 'number'} onChange={set('household')}>{m('requestIntoNumber')}</Choice>
          {fields.household === 'number' && (
            <Box ml="xl" mt="default">
              <Input id="dossierNumber" name="dossierNumber" value={fields.dossierNumber || ''} onChange={onText('dossierNumber')} aria-label={m('requestDossierNumber')} placeholder={m('requestDossierNumber')} required />
            </Box>
          )}
        </Box>
      </>
    );
  } else if (action.name === 'askInfo') {
    form = (
      <Field id="question" label={m('requestQuestion')}>
        <TextArea id="question" name="question" width="100%" rows={5} value={fields.question || ''} onChange={onText('question')} required />
      </Field>
    );
  } else if (action.name === 'resume') {
    form = (
      <>
        {record.params.infoQuestion && <Text mb="lg"><em>{record.params.infoQuestion}</em></Text>}
        <Field id="note" label={m('requestAnswer')}>
          <TextArea id="note" name="note" width="100%" rows={5} value={fields.note || ''} onChange={onText('note')} required />
        </Field>
      </>
    );
  } else if (action.name === 'reject') {
    const { reasons = [] } = screen || {};
    form = (
      <>
        <Field id="reason" label={m('requestReason')}>
          <select id="reason" name="reason" style={SELECT_STYLE} value={fields.reason || ''} onChange={onText('reason')} required>
            <option value="">{m('requestChoose')}</option>
            {reasons.map((r) => <option key={r.value} value={r.value}>{r.labels[language]}</option>)}
          </select>
        </Field>
        <Field id="details" label={m('requestDetails')}>
          <TextArea id="details" name="details" width="100%" rows={4} value={fields.details || ''} onChange={onText('details')} />
        </Field>
      </>
    );
  }

  const page = (
    <Box variant="white" padding="xl" as="form" onSubmit={submit} flexGrow={1} style={{ minWidth: 0 }}>
      <Text mb="lg">{m(`${action.name}RequestConfirm`)}</Text>
      <Text mb="xl"><strong>{record.title}</strong> — {record.params.applicantFirstName} {record.params.applicantLastName}</Text>
      {form}
      <Button type="submit" variant={action.variant === 'danger' ? 'danger' : 'contained'} disabled={busy}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
  if (!['approve', 'askInfo', 'reject'].includes(action.name)) return page;
  // Deciding with the applicant's family (or the family they resemble) in view.
  return <BesideContext resourceId={resource.id} recordId={record.id}>{page}</BesideContext>;
};

export default RequestAction;
