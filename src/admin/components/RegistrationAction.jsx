import React, { useState } from 'react';
import { Box, Button, FormGroup, FormMessage, Input, Label, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { useNavigate } from 'react-router';

const api = new ApiClient();

/**
 * The forms of the registrations' actions: `register` at the counter (a household's number, then
 * its members to tick, with their ages), `cancel` and `move` (a reason, and the new position), and
 * `offer`. Each POSTs the action (a GET changes nothing) and shows a refusal on its field, such as
 * the age rule naming each person.
 */
const RegistrationAction = ({ action, record, resource }) => {
  const { translateMessage, translateAction, translateLabel } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [values, setValues] = useState({ householdId: '', personIds: [], position: '', note: '' });
  const [members, setMembers] = useState(null);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const m = (key) => translateMessage(key, resource.id);
  const l = (key) => translateLabel(key, resource.id);
  const set = (field) => (event) => setValues({ ...values, [field]: event.target.value });

  const loadMembers = async () => {
    setMembers(null);
    setValues({ ...values, personIds: [] });
    if (!/^\d+$/.test(values.householdId.trim())) return setErrors({ householdId: { message: m('registration_household_not_found') } });
    try {
      const { data } = await api.recordAction({ resourceId: 'households', recordId: values.householdId.trim(), actionName: 'show' });
      const found = data.record ? JSON.parse(data.record.params.members || '[]') : [];
      setErrors({});
      setMembers({ label: data.record ? data.record.title : '', list: found });
    } catch {
      setErrors({ householdId: { message: m('registration_household_not_found') } });
    }
  };
  const tick = (personId) => (event) => {
    const others = values.personIds.filter((id) => id !== personId);
    setValues({ ...values, personIds: event.target.checked ? [...others, personId] : others });
  };

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const data = new FormData();
      if (action.name === 'register') {
        data.set('householdId', values.householdId.trim());
        data.set('personIds', values.personIds.join(','));
      }
      if (action.name === 'move') data.set('position', values.position);
      if (action.name === 'cancel' || action.name === 'move') data.set('note', values.note);
      const { data: answer } = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      setErrors((answer.record && answer.record.errors) || {});
      if (answer.notice) addNotice(answer.notice);
      if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };

  const field = (name, control) => (
    <FormGroup error={!!errors[name]} key={name}>
      <Label htmlFor={`registration-${name}`} required>{l(`${action.name}_${name}`)}</Label>
      {control}
      <FormMessage style={{ whiteSpace: 'pre-line' }}>{errors[name] && errors[name].message}</FormMessage>
    </FormGroup>
  );

  let fields = null;
  if (action.name === 'register') {
    fields = (
      <>
        {field(
          'householdId',
          <Box flex>
            <Input id="registration-householdId" name="householdId" inputMode="numeric" value={values.householdId} onChange={set('householdId')} />
            <Button type="button" variant="outlined" ml="default" onClick={loadMembers}>{l('showMembers')}</Button>
          </Box>,
        )}
        {members ? (
          <FormGroup error={!!errors.personIds}>
            <Label>{l('register_personIds')} — {members.label}</Label>
            {members.list.map((member) => (
              <Box key={member.personId} mb="sm">
                <input type="checkbox" id={`person-${member.personId}`} checked={values.personIds.includes(String(member.personId))} onChange={tick(String(member.personId))} />
                <Label inline htmlFor={`person-${member.personId}`} ml="default">
                  {member.lastName}, {member.firstName} ({member.dossierNumber}) — {member.birthDate}
                </Label>
              </Box>
            ))}
            <FormMessage style={{ whiteSpace: 'pre-line' }}>{errors.personIds && errors.personIds.message}</FormMessage>
          </FormGroup>
        ) : null}
      </>
    );
  } else if (action.name === 'cancel' || action.name === 'move') {
    fields = (
      <>
        {action.name === 'move' ? field('position', <Input id="registration-position" name="position" type="number" min="1" value={values.position} onChange={set('position')} />) : null}
        {field('note', <TextArea id="registration-note" name="note" rows={3} width="100%" maxLength={500} value={values.note} onChange={set('note')} />)}
      </>
    );
  }
  const needs = action.name === 'register' ? values.personIds.length > 0 : action.name === 'offer' ? true : values.note.trim() !== '' && (action.name !== 'move' || values.position !== '');
  return (
    <Box as="form" variant="white" padding="xl" onSubmit={submit} data-testid="registration-form">
      <Text mb="lg">{m(`${action.name}RegistrationConfirm`)}</Text>
      <Text mb="xl"><strong>{record.title}</strong></Text>
      {fields}
      <Button type="submit" variant={action.variant === 'danger' ? 'danger' : 'contained'} disabled={busy || !needs}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default RegistrationAction;
