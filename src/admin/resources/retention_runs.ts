import { RetentionRun } from '../../privacy/retention-run.entity.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

const COUNTS = ['rejectedRequests', 'threadAttachments', 'closedThreads', 'emailLinks', 'residentSessions', 'staffSessions', 'auditEntries'];

/** The daily retention job's runs (Law 25): when, and how many records of each kind it purged or anonymised. Read-only. */
export function retentionRuns(kit: PanelKit): PanelResourceEntry {
  const { source, datetime } = kit;
  return {
    ...source<RetentionRun>({
      entity: RetentionRun,
      id: 'retention_runs',
      title: 'day',
      filters: { ranAt: { kind: 'range', column: 'ranAt' } },
      sorts: { id: 'id', ranAt: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
    }),
    options: options('retention_runs', {
      navigation: { name: 'Loi 25', icon: 'Shield' },
      // The personal data's counts in the list (it fits an office screen); every count on the run's page.
      listProperties: ['ranAt', 'rejectedRequests', 'closedThreads', 'auditEntries'],
      filterProperties: ['ranAt'],
      showProperties: ['ranAt', 'day', ...COUNTS, 'instance'],
      properties: { ranAt: datetime },
      sort: { sortBy: 'id', direction: 'desc' },
    }),
  };
}
