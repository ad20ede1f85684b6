import { Staff } from '../../staff/staff.entity.js';
import { staffActions } from '../actions.js';
import { lower, options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Staff members, written by administrators through StaffAccounts (secrets never read). */
export function staff(kit: PanelKit): PanelResourceEntry {
  const { dataSource, history, own, source, datetime } = kit;
  return {
    ...source<Staff>({
      entity: Staff,
      id: 'staff',
      title: 'displayName',
      hidden: ['passwordHash', 'totpSecret', 'totpLastStep', 'recoveryCodeHashes', 'sessionVersion'],
      filters: { email: { kind: 'prefix', column: 'email', normalize: lower } },
      sorts: { email: 'email', id: 'id' },
      defaultSort: { column: 'email', direction: 'asc' },
    }),
    options: options('staff', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['displayName', 'email', 'role', 'active', 'lastLoginAt'],
      filterProperties: ['email'],
      editProperties: ['email', 'displayName', 'role', 'locale', 'active', 'password'],
      properties: {
        lastLoginAt: datetime, passwordChangedAt: datetime, totpEnrolledAt: datetime, createdAt: datetime, updatedAt: datetime, ...history,
        // Named by the locale (« Français », « Anglais »: locale/values.ts); AdminJS looks the name up by the label.
        locale: { availableValues: ['fr', 'en'].map((value) => ({ value, label: value })) },
        // A new member is active unless the administrator unticks the box.
        active: { custom: { defaultOnNew: true } },
        // The temporary password of a new member (or a new one on edit): never read back.
        password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      },
    }, own((services, component) => staffActions(services, dataSource, component))),
  };
}
