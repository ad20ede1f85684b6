import type { ActionContext } from 'adminjs';
import type { Actor } from '../common/actor.js';
import type { DomainError } from '../common/domain-error.js';
import { fieldMessage } from '../common/messages.js';
import { PHONE_KINDS } from '../dossiers/household-phone.entity.js';
import { phoneField, type HouseholdsService } from '../dossiers/households.service.js';
import type { AdminUser } from '../staff/staff-user.js';
import { FAMILY_REFUSALS } from './locale/families.js';
import { formText as text, recordAction, type Outcome, type Payload } from './record-action.js';

const flag = (value: unknown): boolean => value === 'true' || value === true || value === 'on';
/** A record id typed in a form; 0 (which no row has) for anything else. */
const id = (value: unknown): number => (/^\d{1,9}$/.test(text(value).trim()) ? Number(text(value).trim()) : 0);

/**
 * A refused family change: the errors on the form's fields in the staff member's language, with a
 * notice naming the rule (second holder, unknown dossier number…).
 */
function familyRefusal(error: DomainError, { currentAdmin }: ActionContext): Outcome {
  const locale = (currentAdmin as AdminUser | undefined)?.locale === 'en' ? 'en' : 'fr';
  const fields = error.extra.errors ?? [];
  const rule = fields.find((f) => (FAMILY_REFUSALS as readonly string[]).includes(f.code));
  return {
    message: rule ? rule.code : fields.length ? 'thereWereValidationErrors' : error.code,
    type: 'error',
    then: 'form',
    errors: Object.fromEntries(fields.map((f) => [f.field, { type: f.code, message: fieldMessage(f.code, locale) }])),
  };
}

/** A family change of the household's page, through HouseholdsService; a refusal comes back on the form, never a 500. */
function familyAction(component: string | undefined, icon: string | undefined, run: (householdId: number, payload: Payload, actor: Actor) => Promise<string>) {
  return recordAction({ component, icon, refused: familyRefusal }, run);
}

const ADDRESS_FIELDS = ['civicNumber', 'street', 'apartment', 'city', 'postalCode'] as const;

/** The record actions of households (issue #8, item 2): clerks and administrators fix families. */
export function householdActions(households: HouseholdsService, component: string) {
  const note = (payload: Payload) => text(payload.note) || null;
  return {
    addMember: familyAction(component, 'UserPlus', async (householdId, payload, actor) => {
      const known = text(payload.mode) !== 'new';
      await households.addMember(
        {
          householdId,
          dossierNumber: known ? text(payload.dossierNumber) : undefined,
          person: known
            ? undefined
            : { firstName: text(payload.firstName), lastName: text(payload.lastName), birthDate: text(payload.birthDate), email: text(payload.email), phone: text(payload.phone) },
          role: text(payload.role),
          dependent: flag(payload.dependent),
          note: note(payload),
        },
        actor,
      );
      return 'memberAdded';
    }),
    removeMember: familyAction(component, 'UserMinus', async (householdId, payload, actor) => {
      await households.removeMember({ householdId, personId: id(payload.personId), note: note(payload) }, actor);
      return 'memberRemoved';
    }),
    moveMember: familyAction(component, 'Shuffle', async (householdId, payload, actor) => {
      await households.moveMember(
        {
          householdId,
          personId: id(payload.personId),
          toHouseholdId: id(payload.toHouseholdId),
          role: text(payload.role) || undefined,
          dependent: payload.dependent === undefined || payload.dependent === '' ? undefined : flag(payload.dependent),
          note: note(payload),
        },
        actor,
      );
      return 'memberMoved';
    }),
    setMemberRole: familyAction(component, 'Users', async (householdId, payload, actor) => {
      await households.setMemberRole({ householdId, personId: id(payload.personId), role: text(payload.role), dependent: flag(payload.dependent), note: note(payload) }, actor);
      return 'memberRoleSet';
    }),
    // AdminJS's own edit form (its component and icon), the address through the service.
    edit: familyAction(undefined, undefined, async (householdId, payload, actor) => {
      const address = Object.fromEntries(ADDRESS_FIELDS.filter((field) => field in payload).map((field) => [field, text(payload[field])]));
      await households.setAddress({ householdId, address }, actor);
      return 'successfullyUpdated';
    }),
    // R2: the family treated as resident or not whatever its address, or by its address again; a reason is required.
    setResidency: familyAction(component, 'Home', async (householdId, payload, actor) => {
      await households.setResidency({ householdId, residency: text(payload.residency), reason: text(payload.note) }, actor);
      return 'residencySet';
    }),
    editPhones: familyAction(component, 'Phone', async (householdId, payload, actor) => {
      const phones = Object.fromEntries(PHONE_KINDS.filter((kind) => typeof payload[phoneField(kind)] === 'string').map((kind) => [kind, text(payload[phoneField(kind)])]));
      await households.setPhones({ householdId, phones, note: note(payload) }, actor);
      return 'phonesSaved';
    }),
  };
}
