import React, { useState } from 'react';
import { Box, Button, CheckBox, FormGroup, FormMessage, Input, Label, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { useNavigate } from 'react-router';
import { membersOf } from './HouseholdMembers.jsx';

const api = new ApiClient();
const ROLES = ['holder', 'spouse', 'adult', 'child'];
const PHONES = ['homePhone', 'mobilePhone', 'workPhone', 'otherPhone'];
const RESIDENCY = ['address', 'resident', 'non_resident'];
const SELECT = { width: '100%', padding: '8px', border: '1px solid #c0c0ca', borderRadius: '2px', background: 'white', fontSize: '14px' };

/** What each family action's form starts with. */
function initial(action, record, members) {
  const first = members[0];
  switch (action) {
    case 'addMember':
      return { mode: 'existing', dossierNumber: '', firstName: '', lastName: '', birthDate: '', email: '', phone: '', role: 'child', dependent: true, note: '' };
    case 'moveMember':
      return { personId: first ? String(first.personId) : '', toHouseholdId: '', role: '', dependent: first ? first.dependent : false, note: '' };
    case 'setMemberRole':
      return { personId: first ? String(first.personId) : '', role: first ? first.role : 'child', dependent: first ? first.dependent : false, note: '' };
    case 'setResidency': {
      const override = record.params.residentOverride;
      const current = override === null || override === undefined || override === '' ? 'address' : override === true || override === 1 || override === 'true' ? 'resident' : 'non_resident';
      return { residency: current, note: '' };
    }
    case 'editPhones':
      return { ...Object.fromEntries(PHONES.map((field) => [field, record.params[field] || ''])), note: '' };
    default:
      return { personId: first ? String(first.personId) : '', note: '' };
  }
}

/**
 * The form of the families' actions on a household (add, remove or move a member, change a
 * relationship, edit the phones, decide the residency with a confirmation). It POSTs the action (a GET changes nothing) and shows a refusal on
 * its field, in the staff member's language.
 */
const FamilyAction = ({ action, record, resource }) => {
  const { translateLabel, translateMessage, translateProperty, translateAction } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const members = membersOf(record);
  const [values, setValues] = useState(() => initial(action.name, record, members));
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  // The residency's decision is confirmed on a second step, which repeats what the family will be.
  const [confirming, setConfirming] = useState(false);
  const set = (field) => (event) => {
    const next = { ...values, [field]: event.target.type === 'checkbox' ? event.target.checked : event.target.value };
    // Another member chosen: the form shows that member's relationship and dependent flag.
    const member = field === 'personId' && members.find((m) => String(m.personId) === next.personId);
    if (member && action.name === 'setMemberRole') Object.assign(next, { role: member.role, dependent: member.dependent });
    if (member && action.name === 'moveMember') next.dependent = member.dependent;
    setValues(next);
  };
  const label = (field) => translateProperty(field, resource.id);

  const field = (name, control) => (
    <FormGroup error={!!errors[name]} key={name}>
      <Label htmlFor={`family-${name}`}>{label(name)}</Label>
      {control || <Input id={`family-${name}`} name={name} value={values[name]} onChange={set(name)} width="100%" />}
      <FormMessage>{errors[name] && errors[name].message}</FormMessage>
    </FormGroup>
  );
  const select = (name, options) =>
    field(
      name,
      <select id={`family-${name}`} name={name} value={values[name]} onChange={set(name)} style={SELECT}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </select>,
    );
  const memberSelect = () => select('personId', members.map((m) => [String(m.personId), `${m.lastName}, ${m.firstName} (${m.dossierNumber}) — ${translateLabel(`role_${m.role}`, resource.id)}`]));
  const roleSelect = (withKeep) => select('role', [...(withKeep ? [['', translateLabel('keepRole', resource.id)]] : []), ...ROLES.map((role) => [role, translateLabel(`role_${role}`, resource.id)])]);
  const dependent = () => (
    <FormGroup key="dependent">
      <CheckBox id="family-dependent" name="dependent" checked={!!values.dependent} onChange={set('dependent')} />
      <Label inline htmlFor="family-dependent" ml="default">{label('dependent')}</Label>
    </FormGroup>
  );
  const note = () => field('note', <TextArea id="family-note" name="note" value={values.note} onChange={set('note')} width="100%" rows={2} />);

  const submit = async (event) => {
    event.preventDefault();
    if (action.name === 'setResidency' && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setBusy(true);
    try {
      const data = new FormData();
      for (const [key, value] of Object.entries(values)) data.append(key, typeof value === 'boolean' ? String(value) : value);
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      const answer = response.data;
      setErrors((answer.record && answer.record.errors) || {});
      if (answer.notice) addNotice(answer.notice);
      if (answer.redirectUrl) navigate(answer.redirectUrl);
    } finally {
      setBusy(false);
    }
  };

  let fields;
  switch (action.name) {
    case 'addMember':
      fields = [
        select('mode', [['existing', translateLabel('existingPerson', resource.id)], ['new', translateLabel('newPerson', resource.id)]]),
        ...(values.mode === 'existing' ? [field('dossierNumber')] : ['firstName', 'lastName', 'birthDate', 'email', 'phone'].map((name) => field(name))),
        roleSelect(false),
        dependent(),
      ];
      break;
    case 'removeMember':
      fields = [memberSelect()];
      break;
    case 'moveMember':
      fields = [memberSelect(), field('toHouseholdId'), roleSelect(true), dependent()];
      break;
    case 'setMemberRole':
      fields = [memberSelect(), roleSelect(false), dependent()];
      break;
    case 'setResidency':
      fields = [select('residency', RESIDENCY.map((choice) => [choice, translateLabel(`residency_${choice}`, resource.id)]))];
      break;
    default:
      fields = PHONES.map((name) => field(name));
  }
  if (confirming) {
    return (
      <Box variant="white" padding="xl" data-testid="family-confirm">
        <Text mb="lg"><strong>{record.title}</strong></Text>
        <Text mb="lg" role="alert">{translateMessage(`${action.name}Confirm`, resource.id)} <strong>{translateLabel(`residency_${values.residency}`, resource.id)}</strong></Text>
        <Text mb="xl">{label('note')} : {values.note}</Text>
        <Button type="button" variant="contained" mr="default" onClick={submit} disabled={busy}>{translateMessage('confirmResidency', resource.id)}</Button>
        <Button type="button" variant="outlined" onClick={() => setConfirming(false)} disabled={busy}>{translateMessage('cancelResidency', resource.id)}</Button>
      </Box>
    );
  }
  const help = `${action.name}Help`;
  const helpText = translateMessage(help, resource.id);
  return (
    <Box as="form" variant="white" padding="xl" onSubmit={submit} data-testid="family-form">
      <Text mb="lg"><strong>{record.title}</strong></Text>
      {helpText !== help ? <Text mb="lg">{helpText}</Text> : null}
      {fields}
      {note()}
      <Button type="submit" variant={action.name === 'removeMember' ? 'danger' : 'contained'} disabled={busy}>
        {translateAction(action.name, resource.id)}
      </Button>
    </Box>
  );
};

export default FamilyAction;
