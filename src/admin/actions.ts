import type { ActionContext, ActionHandler, ActionRequest, ActionResponse, BaseRecord, NoticeMessage } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RegistrationPeriodsService } from '../registration-periods/registration-periods.service.js';
import type { Locale } from '../common/locale.js';
import { staffActor } from './adapter/panel-resource.js';
import { failure, formAnswer, recordAction, success, type Outcome, type Payload } from './record-action.js';
import { canonicalEmail } from '../common/email-address.js';
import { fieldMessage, isFieldCode } from '../common/messages.js';
import type { DossierRequestsService } from '../dossier-requests/dossier-requests.service.js';
import type { DossiersService } from '../dossiers/dossiers.service.js';
import type { MailboxDesk } from '../mailbox/mailbox-desk.service.js';
import type { HouseholdsService } from '../dossiers/households.service.js';
import type { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import type { RegistrationsService } from '../registrations/registrations.service.js';
import type { WaitlistService } from '../registrations/waitlist.service.js';
import type { DeskSearch } from '../desk/desk-search.service.js';
import type { ReplyTemplates } from '../desk/reply-templates.service.js';
import type { ResidentContexts } from '../desk/resident-context.service.js';
import type { IncidentsService } from '../privacy/incidents.service.js';
import type { RetentionSettingsService } from '../privacy/retention-settings.service.js';
import { NewStaffRefused, type NewStaffProblem, type StaffAccounts, type StaffChanges } from '../staff/staff-accounts.service.js';
import type { AdminUser, StaffRole } from '../staff/staff-user.js';

/** The app's services the panel's own actions go through (issue #7, item 6): the same paths as the API's. */
export interface PanelServices {
  accounts: AccountsService;
  dossiers: DossiersService;
  requests: DossierRequestsService;
  households: HouseholdsService;
  mailbox: MailboxDesk;
  dispatcher: OutboxDispatcher;
  staff: StaffAccounts;
  calendar: CalendarService;
  periods: RegistrationPeriodsService;
  registrations: RegistrationsService;
  waitlist: WaitlistService;
  /** The clerk's desk: the resident's context, reply templates, the search box. */
  contexts: ResidentContexts;
  templates: ReplyTemplates;
  search: DeskSearch;
  /** Law 25: the retention periods and the confidentiality incidents register. */
  retention: RetentionSettingsService;
  incidents: IncidentsService;
}

/** A refused form: the notice, and the staff member stays on the action's screen to correct it. */
const refusedHere = (message: string): Outcome => ({ message, type: 'error', then: 'form' });

/** The text a staff member typed on the action's screen (ConfirmAction's `note` field), trimmed. */
const noteOf = (payload: Payload): string => (typeof payload.note === 'string' ? payload.note.trim() : '');

/** The record actions of resident accounts: clerks and administrators, each audited with its staff member. */
export function accountActions(services: PanelServices, component: string) {
  const pending = (record?: BaseRecord) => !record?.params.emailVerifiedAt;
  return {
    resendConfirmation: recordAction({ component, icon: 'Send', guard: 'resendConfirmationConfirm', when: pending }, async (id, _payload, actor) => {
      const outcome = await services.accounts.resendVerificationFor(id, actor);
      return outcome === 'sent' ? success('confirmationResent') : failure(`confirmation_${outcome}`);
    }),
    unlock: recordAction({ component, icon: 'Unlock', guard: 'unlockConfirm' }, async (id, _payload, actor) =>
      (await services.accounts.unlock(id, actor)) ? success('accountUnlocked') : failure('recordGone'),
    ),
    unlinkDossier: recordAction(
      {
        component,
        icon: 'Link2',
        guard: 'unlinkDossierConfirm',
        danger: true,
        note: 'required',
        refused: (error) => {
          if (error.code === 'unlink_reason_invalid') return refusedHere('unlinkReasonInvalid');
          throw error;
        },
      },
      async (id, payload, actor) => {
        const reason = noteOf(payload);
        if (!reason) return refusedHere('unlinkReasonRequired');
        return (await services.dossiers.unlinkAccount(id, actor, reason)) ? success('dossierUnlinked') : failure('noDossierLinked');
      },
    ),
  };
}

/** The record action of the outbox: an administrator queues a failed email again. */
export function outboxActions(services: PanelServices, component: string) {
  return {
    retry: recordAction({ component, icon: 'RefreshCw', guard: 'retryConfirm', when: (record) => record?.params.status === 'failed' }, async (id, _payload, actor) =>
      (await services.dispatcher.retry(id, actor)) ? success('emailRequeued') : failure('emailNotFailed'),
    ),
  };
}

/** Why the panel refuses a staff form: the service's reasons, and an address changed on edit. */
type StaffProblem = NewStaffProblem | 'email_fixed';

/** Which form field a refused staff change belongs to. */
const PROBLEM_FIELD: Record<StaffProblem, string> = {
  email_fixed: 'email',
  email_invalid: 'email',
  email_taken: 'email',
  name_required: 'displayName',
  role_invalid: 'role',
  locale_invalid: 'locale',
  password_mismatch: 'password',
  password_too_short: 'password',
  password_too_long: 'password',
  password_too_weak: 'password',
  password_common: 'password',
  own_account_locked_out: 'active',
};

/** The panel's sentences for a refused staff change (an invalid email and password problems are the API's own field messages). */
const PROBLEM_TEXT: Partial<Record<StaffProblem, Record<Locale, string>>> = {
  email_fixed: { fr: 'L’adresse courriel d’un membre ne change pas : créez un autre compte', en: 'A member’s email address does not change: create another account' },
  email_taken: { fr: 'Un compte du personnel existe déjà avec cette adresse courriel', en: 'A staff account already uses this email address' },
  name_required: { fr: 'Indiquez un nom sur une ligne, de 100 caractères au plus, sans caractères de contrôle', en: 'Enter a name on one line, of at most 100 characters, without control characters' },
  role_invalid: { fr: 'Choisissez un rôle', en: 'Choose a role' },
  locale_invalid: { fr: 'Choisissez le français ou l’anglais', en: 'Choose French or English' },
  own_account_locked_out: {
    fr: 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administrateur : demandez-le à un autre administrateur',
    en: 'You cannot deactivate your own account or give up your administrator role: ask another administrator',
  },
};

function problemText(problem: StaffProblem, locale: Locale): string {
  return PROBLEM_TEXT[problem]?.[locale] ?? (isFieldCode(problem) ? fieldMessage(problem, locale) : problem);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const flag = (value: unknown): boolean | undefined => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : undefined);

/** A refused staff change: the message on its field, the other values kept in the form (never the password). */
function staffRefusal({ currentAdmin }: ActionContext, payload: Payload, problem: StaffProblem, field = PROBLEM_FIELD[problem]): Outcome {
  const locale = (currentAdmin as AdminUser | undefined)?.locale ?? 'fr';
  const { password: _password, ...kept } = payload;
  return {
    message: problem === 'own_account_locked_out' ? 'ownAccountLockedOut' : 'thereWereValidationErrors',
    type: 'error',
    then: 'form',
    params: kept,
    errors: { [field]: { type: problem, message: problemText(problem, locale) } },
  };
}

/**
 * Staff (administrators): creation through `createStaff` (the policy's temporary password), edits of
 * name, role, language, active flag and a new temporary password through `StaffAccounts.update`, in
 * one transaction (deactivation and a new password end sessions at once), and the second factor's
 * reset; each write is audited by the service.
 */
export function staffActions(services: PanelServices, dataSource: DataSource, component: string) {
  const newHandler: ActionHandler<ActionResponse> = async (request: ActionRequest, _response, context) => {
    if (request.method !== 'post') return {};
    const payload = request.payload ?? {};
    const { resource, currentAdmin, h } = context;
    try {
      const created = await services.staff.create(
        dataSource,
        {
          email: text(payload.email) ?? '',
          displayName: text(payload.displayName) ?? '',
          role: text(payload.role) as StaffRole,
          locale: (text(payload.locale) || 'fr') as Locale,
          password: text(payload.password) ?? '',
          active: flag(payload.active) ?? true,
        },
        staffActor(context),
      );
      const record = await resource.findOne(String(created.id), context);
      return {
        record: record?.toJSON(currentAdmin),
        redirectUrl: h.resourceUrl({ resourceId: 'staff' }),
        notice: { message: 'staffCreated', type: 'success', resourceId: 'staff' } as NoticeMessage,
      };
    } catch (error) {
      if (error instanceof NewStaffRefused) return formAnswer(resource.build({}), staffRefusal(context, payload, error.problem), context, 'staff');
      throw error;
    }
  };

  // AdminJS's own edit form (its component and icon), the changes through the service.
  const edit = recordAction({}, async (id, payload, actor, context) => {
    const email = text(payload.email);
    if (email !== undefined && canonicalEmail(email) !== context.record?.params.email) return staffRefusal(context, payload, 'email_fixed');
    const changes: StaffChanges = {};
    if (text(payload.displayName) !== undefined) changes.displayName = text(payload.displayName);
    if (text(payload.role)) changes.role = text(payload.role) as StaffRole;
    if (text(payload.locale)) changes.locale = text(payload.locale) as Locale;
    if (flag(payload.active) !== undefined) changes.active = flag(payload.active);
    try {
      await services.staff.update(id, changes, actor, text(payload.password) || undefined);
    } catch (error) {
      if (!(error instanceof NewStaffRefused)) throw error;
      return staffRefusal(context, payload, error.problem, error.problem === 'own_account_locked_out' && changes.active !== false ? 'role' : undefined);
    }
    return 'successfullyUpdated';
  });

  return {
    new: { handler: newHandler },
    edit,
    resetTwoFactor: recordAction({ component, icon: 'Key', guard: 'resetTwoFactorConfirm', danger: true, when: (record) => !!record?.params.totpEnrolledAt }, async (id, _payload, actor) => {
      await services.staff.resetSecondFactor(id, actor);
      return success('twoFactorReset');
    }),
  };
}
