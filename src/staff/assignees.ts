import type { EntityManager } from 'typeorm';
import { Staff } from './staff.entity.js';

/**
 * Who may be given a request or a thread to answer (SPEC §1: supervisors share work out to the
 * clerks): an active clerk. Administrators may take work themselves, but nobody hands it to them,
 * and a supervisor answers nothing; a deactivated member holds no new work.
 */
export function mayBeAssigned(staff: Pick<Staff, 'role' | 'active'> | null | undefined): staff is Pick<Staff, 'role' | 'active'> {
  return !!staff && staff.active && staff.role === 'clerk';
}

/** The member `staffId` names, if work may be assigned to them; null for anyone else (or no number at all). */
export async function findAssignee(manager: EntityManager, staffId: number): Promise<Staff | null> {
  const staff = Number.isSafeInteger(staffId) ? await manager.findOneBy(Staff, { id: staffId }) : null;
  return mayBeAssigned(staff) ? staff : null;
}

/** The panel's choice list of assignees, by name: the members `mayBeAssigned` accepts and no one else. */
export async function assigneeChoices(manager: EntityManager): Promise<Array<{ value: string; label: string }>> {
  const active = await manager.find(Staff, { where: { active: true }, select: { id: true, displayName: true, role: true, active: true }, order: { displayName: 'ASC' } });
  return active.filter(mayBeAssigned).map((staff) => ({ value: String(staff.id), label: staff.displayName }));
}
