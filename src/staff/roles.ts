import type { StaffRole } from './staff-user.js';
import { requireRole, type Actor } from '../common/actor.js';

export const RESOURCE_IDS = ['dossier_requests', 'threads', 'households', 'persons', 'accounts', 'activities', 'registrations', 'waitlist', 'registration_periods', 'calendar', 'staff', 'outbox', 'audit_log'] as const;
export type ResourceId = (typeof RESOURCE_IDS)[number];

/** AdminJS's built-in actions the panel uses (`bulkDelete` exists for nobody), then the panel's own record actions. */
export type PanelAction = 'list' | 'show' | 'search' | 'new' | 'edit' | 'delete' | 'resendConfirmation' | 'unlock' | 'unlinkDossier' | 'retry' | 'resetTwoFactor'
  | 'take' | 'assign' | 'approve' | 'askInfo' | 'resume' | 'reject'
  | 'addMember' | 'removeMember' | 'moveMember' | 'setMemberRole' | 'editPhones'
  | 'reply' | 'note' | 'close' | 'reopen'
  | 'register' | 'cancel' | 'move' | 'offer';

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
  dossier_requests: { ...read(READERS), take: CLERKS, approve: CLERKS, askInfo: CLERKS, resume: CLERKS, reject: CLERKS, assign: OVERSIGHT },
  // The mailbox (M1–M4): clerks answer; supervisors read the queue and share it out.
  threads: { ...read(READERS), take: CLERKS, reply: CLERKS, note: CLERKS, close: CLERKS, reopen: CLERKS, assign: OVERSIGHT },
  households: { ...read(READERS), new: CLERKS, edit: CLERKS, delete: ADMINS, addMember: CLERKS, removeMember: CLERKS, moveMember: CLERKS, setMemberRole: CLERKS, editPhones: CLERKS },
  persons: { ...read(READERS), edit: CLERKS, delete: ADMINS },
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
};

export function mayRun(resource: ResourceId, action: string, role: StaffRole | undefined): boolean {
  const allowed = ROLE_MATRIX[resource][action as PanelAction];
  return !!role && !!allowed?.includes(role);
}

const API_ACTION = /^\/api\/resources\/([^/]+)\/(?:actions\/([^/?]+)|records\/[^/]+\/([^/?]+)|bulk\/([^/?]+)|(search))/;
const PAGE = /^\/resources\/([^/?]+)/;

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
