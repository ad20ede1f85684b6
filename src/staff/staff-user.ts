import type { StaffRole } from '../common/actor.js';

/** The staff member a panel request acts for: what the session holds and AdminJS shows as `currentAdmin`. */
export type { StaffRole };
export const STAFF_ROLES: readonly StaffRole[] = ['clerk', 'supervisor', 'administrator'];

export interface AdminUser {
  id: number;
  email: string;
  /** Display name. */
  title: string;
  role: StaffRole;
  locale: 'fr' | 'en';
}
