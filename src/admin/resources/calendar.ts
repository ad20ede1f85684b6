import { CalendarEntry } from '../../calendar/calendar-entry.entity.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** The business calendar's closed days, written through CalendarService. */
export function calendar(kit: PanelKit): PanelResourceEntry {
  const { history, source, writer, datetime } = kit;
  return {
    ...source<CalendarEntry>(
      {
        entity: CalendarEntry,
        id: 'calendar',
        title: 'name',
        filters: { date: { kind: 'range', column: 'date' } },
        sorts: { date: 'date', id: 'id' },
        defaultSort: { column: 'date', direction: 'asc' },
        writable: ['date', 'name'],
        ...writer(({ calendar }) => calendar),
      },
    ),
    options: options('calendar', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['date', 'name'],
      filterProperties: ['date'],
      showProperties: ['date', 'name', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['date', 'name'],
      properties: { createdAt: datetime, updatedAt: datetime, ...history },
      sort: { sortBy: 'date', direction: 'asc' },
    }),
  };
}
