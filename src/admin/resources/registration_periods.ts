import { RegistrationPeriod } from '../../registration-periods/registration-period.entity.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Registration periods, written through RegistrationPeriodsService. */
export function registrationPeriods(kit: PanelKit): PanelResourceEntry {
  const { history, source, writer, datetime } = kit;
  return {
    ...source<RegistrationPeriod>(
      {
        entity: RegistrationPeriod,
        id: 'registration_periods',
        title: 'name',
        filters: { opensAt: { kind: 'range', column: 'opensAt' } },
        sorts: { opensAt: 'opensAt', id: 'id' },
        defaultSort: { column: 'opensAt', direction: 'desc' },
        writable: ['name', 'opensAt', 'closesAt'],
        ...writer(({ periods }) => periods),
      },
    ),
    options: options('registration_periods', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['name', 'opensAt', 'closesAt'],
      filterProperties: ['opensAt'],
      editProperties: ['name', 'opensAt', 'closesAt'],
      properties: { opensAt: datetime, closesAt: datetime, createdAt: datetime, ...history },
    }),
  };
}
