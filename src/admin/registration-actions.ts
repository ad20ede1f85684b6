import type { ActionContext, BaseRecord } from 'adminjs';
import type { DomainError } from '../common/domain-error.js';
import type { AdminUser } from '../staff/staff-user.js';
import type { PanelServices } from './actions.js';
import { formText, recordAction, type Outcome } from './record-action.js';

/** The notice of a refused registration action: `registration_<code>` (src/admin/locale/registrations.ts), the form kept. */
function refused(error: DomainError, { currentAdmin }: ActionContext): Outcome {
  const locale = (currentAdmin as AdminUser | undefined)?.locale === 'en' ? 'en' : 'fr';
  const persons = error.extra.personErrors ?? [];
  return {
    message: `registration_${error.code}`,
    type: 'error',
    then: 'form',
    // The age rule names each refused person, under the members' field.
    ...(persons.length ? { errors: { personIds: { type: error.code, message: persons.map((p) => p.message[locale]).join('\n') } } } : {}),
  };
}

/** Ids typed or ticked in a form: `12,13` (or one id); anything else is no id (0, which the service refuses). */
function ids(value: unknown): number[] {
  const text = Array.isArray(value) ? value.map(formText).join(',') : formText(value);
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => (/^\d{1,9}$/.test(part) ? Number(part) : 0));
}

const number = (value: unknown): number => (/^\d{1,9}$/.test(formText(value).trim()) ? Number(formText(value).trim()) : Number.NaN);
const status = (record?: BaseRecord) => String(record?.params.status ?? '');

/** `register` on an offering (SPEC §4b): a clerk registers members of a household at the counter, through RegistrationsService. */
export function registerAction(services: PanelServices, component: string) {
  return recordAction({ component, icon: 'UserPlus', refused, when: (record) => status(record) !== 'closed' }, async (_id, payload, actor, { record }) => {
    const code = String(record?.params.code ?? '');
    const householdId = number(payload.householdId);
    if (Number.isNaN(householdId)) return { message: 'registration_household_not_found', type: 'error', then: 'form' };
    const written = await services.registrations.registerAtCounter(actor, code, householdId, ids(payload.personIds));
    return { message: written.length > 1 ? 'counterRegisteredMany' : 'counterRegistered', type: 'success' };
  });
}

/** `cancel` on a registration (R7): a clerk cancels any, with a reason; the seat goes to the waitlist. */
export function registrationActions(services: PanelServices, component: string) {
  return {
    cancel: recordAction({ component, icon: 'XCircle', danger: true, note: 'required', refused, when: (record) => status(record) === 'confirmed' }, async (id, payload, actor) => {
      await services.registrations.cancelByStaff(actor, id, formText(payload.note));
      return 'registrationCancelled';
    }),
  };
}

/** `move` (with a reason) and `offer` on a waitlist entry (R6), through WaitlistService. */
export function waitlistActions(services: PanelServices, component: string) {
  const live = (record?: BaseRecord) => ['waiting', 'offered'].includes(status(record));
  return {
    move: recordAction({ component, icon: 'Shuffle', note: 'required', refused, when: live }, async (id, payload, actor) => {
      await services.waitlist.move(actor, id, number(payload.position), formText(payload.note));
      return 'waitlistMoved';
    }),
    offer: recordAction({ component, icon: 'Gift', refused, when: (record) => status(record) === 'waiting' }, async (id, _payload, actor) => {
      await services.waitlist.offerNow(actor, id);
      return 'waitlistOffered';
    }),
  };
}
