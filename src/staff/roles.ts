import type { StaffRole } from './staff-user.js';
import { requireRole, type Actor } from '../common/actor.js';

export const RESOURCE_IDS = ['dossier_requests', 'threads', 'households', 'persons', 'accounts', 'activities', 'registrations', 'waitlist', 'registration_periods', 'calendar', 'staff', 'outbox', 'audit_log', 'retention_settings', 'retention_runs', 'privacy_incidents', 'reply_templates'] as const;
export type ResourceId = (typeof RESOURCE_IDS)[number];

/** AdminJS's built-in actions the panel uses (`bulkDelete` exists for nobody), then the panel's own record actions. */
export type PanelAction = 'list' | 'show' | 'search' | 'new' | 'edit' | 'delete' | 'resendConfirmation' | 'unlock' | 'unlinkDossier' | 'retry' | 'resetTwoFactor'
  /** Not a panel action: the right to change a person's dossier number without giving a reason (`HouseholdsService.updatePerson`). */
  | 'renumber'
  | 'take' | 'assign' | 'approve' | 'askInfo' | 'resume' | 'reject'
  | 'addMember' | 'removeMember' | 'moveMember' | 'setMemberRole' | 'editPhones' | 'setResidency'
  | 'reply' | 'note' | 'close' | 'reopen'
  | 'register' | 'cancel' | 'move' | 'offer'
  | 'exportFile'
  | 'context';

const ALL: StaffRole[] = ['clerk', 'supervisor', 'administrator'];
const READERS = ALL;
const CLERKS: StaffRole[] = ['clerk', 'administrator'];
const ADMINS: StaffRole[] = ['administrator'];
const OVERSIGHT: StaffRole[] = ['supervisor', 'administrator'];

const read = (who: StaffRole[]) => ({ list: who, show: who, search: who });

/**
 * Who may run which action on which resource (issue #7, item 6): clerks read and write requests,
 * households and persons, and help residents with their accounts; supervisors read and write
 * nothing; administrators do everything (staff, the outbox), and only they delete, only where it is safe. The README's role table is this one.
 */
export const ROLE_MATRIX: Record<ResourceId, Partial<Record<PanelAction, StaffRole[]>>> = {
  // Clerks process requests; supervisors read the queue and share it out (`assign`).
  dossier_requests: { ...read(READERS), take: CLERKS, approve: CLERKS, askInfo: CLERKS, resume: CLERKS, reject: CLERKS, assign: OVERSIGHT, context: READERS },
  // The mailbox (M1–M4): clerks answer; supervisors read the queue and share it out.
  threads: { ...read(READERS), take: CLERKS, reply: CLERKS, note: CLERKS, close: CLERKS, reopen: CLERKS, assign: OVERSIGHT, context: READERS },
  // R2: a clerk may treat a family as resident or not whatever its address, with a reason (audited).
  households: { ...read(READERS), new: CLERKS, edit: CLERKS, delete: ADMINS, addMember: CLERKS, removeMember: CLERKS, moveMember: CLERKS, setMemberRole: CLERKS, editPhones: CLERKS, setResidency: CLERKS },
  // A dossier number changed by a clerk needs a reason, kept in the audit line; an administrator's needs none.
  // Law 25: a person's file on request (everything the city holds about them) is an administrator's.
  persons: { ...read(READERS), edit: CLERKS, delete: ADMINS, exportFile: ADMINS, renumber: ADMINS },
  accounts: { ...read(READERS), resendConfirmation: CLERKS, unlock: CLERKS, unlinkDossier: CLERKS },
  // Registrations (R3–R7): clerks register at the counter, cancel and move or offer waitlist entries; supervisors read.
  activities: { ...read(READERS), register: CLERKS },
  registrations: { ...read(READERS), cancel: CLERKS },
  waitlist: { ...read(READERS), move: CLERKS, offer: CLERKS },
  registration_periods: { ...read(READERS), new: ADMINS, edit: ADMINS, delete: ADMINS },
  calendar: { ...read(READERS), new: ADMINS, edit: ADMINS, delete: ADMINS },
  staff: { ...read(ADMINS), new: ADMINS, edit: ADMINS, resetTwoFactor: ADMINS },
  outbox: { ...read(ADMINS), retry: ADMINS },
  audit_log: { ...read(OVERSIGHT) },
  // Law 25: retention periods, the retention job's runs and the confidentiality incidents register (append-only: no edit, no delete).
  retention_settings: { ...read(ADMINS), edit: ADMINS },
  retention_runs: { ...read(ADMINS) },
  privacy_incidents: { ...read(ADMINS), new: ADMINS },
  // Reply templates (« réponses types »): administrators write them, clerks choose them in a reply.
  reply_templates: { ...read(READERS), new: ADMINS, edit: ADMINS, delete: ADMINS },
};

/**
 * The panel's own pages (`/admin/pages/<name>`) and who may open them: the waiting room's live view
 * shows each opening's draw, as the audit log does (supervisors and administrators). The sidebar
 * (SidebarPages.jsx) offers each page to these roles only.
 */
export const PAGE_ROLES: Record<string, StaffRole[]> = { waitingRoom: OVERSIGHT, recherche: READERS };

export function mayRun(resource: ResourceId, action: string, role: StaffRole | undefined): boolean {
  const allowed = ROLE_MATRIX[resource][action as PanelAction];
  return !!role && !!allowed?.includes(role);
}

/** The actions of a resource that are the same task as reading it (`show` stands for them on a home). */
/** Part of reading a record, not a task of its own (`context`: the resident beside a request or a thread). */
const READING: readonly PanelAction[] = ['list', 'search', 'context'];

/**
 * What a role can do, as its home says it (issue 18): for each resource it may open, in the
 * table's order, the actions ROLE_MATRIX lets it run there (`show` for reading), never typed per role.
 */
export function tasksOf(role: StaffRole | undefined): Array<{ resource: ResourceId; actions: PanelAction[] }> {
  return RESOURCE_IDS.filter((resource) => mayRun(resource, 'list', role)).map((resource) => ({
    resource,
    actions: (Object.keys(ROLE_MATRIX[resource]) as PanelAction[]).filter((action) => !READING.includes(action) && mayRun(resource, action, role)),
  }));
}

const API_ACTION = /^\/api\/resources\/([^/]+)\/(?:actions\/([^/?]+)|records\/[^/]+\/([^/?]+)|bulk\/([^/?]+)|(search))/;
const PAGE = /^\/resources\/([^/?]+)/;
const CUSTOM_PAGE = /^\/(?:api\/)?pages\/([^/?]+)/;

/**
 * What AdminJS's API may run for this staff member, decided from the URL before AdminJS sees it:
 * AdminJS itself refuses a forbidden action with a 200 and an error in the body; the panel answers
 * 403 instead. Anything not in ROLE_MATRIX (bulkDelete, an unknown resource) is refused.
 * `isAccessible` on each action still decides per record (a person linked to an account).
 */
export function forbiddenAction(path: string, role: StaffRole | undefined): boolean {
  const api = API_ACTION.exec(path);
  if (api) {
    const [, resource, action, recordAction, bulkAction, search] = api;
    if (!(RESOURCE_IDS as readonly string[]).includes(resource)) return true;
    return !mayRun(resource as ResourceId, action ?? recordAction ?? bulkAction ?? search, role);
  }
  const custom = CUSTOM_PAGE.exec(path);
  if (custom) return !Object.hasOwn(PAGE_ROLES, custom[1]) || !role || !PAGE_ROLES[custom[1]].includes(role);
  const page = PAGE.exec(path);
  if (page) return !(RESOURCE_IDS as readonly string[]).includes(page[1]) || !mayRun(page[1] as ResourceId, 'list', role);
  return false;
}

/** Who may open a panel page (`/resources/<id>…`: its list's roles); none for any other path. */
export function pageRoles(path: string): StaffRole[] {
  const page = PAGE.exec(path);
  if (!page || !(RESOURCE_IDS as readonly string[]).includes(page[1])) return [];
  return ROLE_MATRIX[page[1] as ResourceId].list ?? [];
}

/**
 * The same table in the services (immich's `requireAccess`): a change the panel's matrix restricts is
 * refused (403) to any other staff member, whichever route calls the service; the system (an import,
 * a job) passes.
 */
export function requireRight(actor: Actor, resource: ResourceId, action: PanelAction): void {
  requireRole(actor, ROLE_MATRIX[resource][action] ?? []);
}

/** Whether the table gives the actor this right (the system has every right), for a rule that asks more of the others rather than refusing them. */
export function hasRight(actor: Actor, resource: ResourceId, action: PanelAction): boolean {
  return actor.kind === 'system' || (actor.kind === 'staff' && mayRun(resource, action, actor.role));
}
