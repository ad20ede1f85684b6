import { maskEmail } from '../../common/logging.js';
import { OutboxMessage } from '../../notifications/outbox-message.entity.js';
import { outboxActions } from '../actions.js';
import { VALUE_WORDS } from '../locale/values.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** The outbox, read-only (addresses masked, no bodies) but for retrying a failed email. */
export function outbox(kit: PanelKit): PanelResourceEntry {
  const { own, source, datetime } = kit;
  return {
    ...source<OutboxMessage>({
      entity: OutboxMessage,
      id: 'outbox',
      title: 'template',
      hidden: ['textBody', 'htmlBody', 'subject', 'lockedBy'],
      filters: { status: { kind: 'exact', column: 'status' } },
      sorts: { id: 'id' },
      defaultSort: { column: 'id', direction: 'desc' },
      present: (row) => ({ recipient: maskEmail(row.recipient) }),
      // Nothing personal is written here by staff: no history.
      audit: undefined,
    }),
    options: options('outbox', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['id', 'template', 'recipient', 'status', 'attempts', 'lastError', 'nextAttemptAt'],
      filterProperties: ['status'],
      properties: {
        nextAttemptAt: datetime, lockedUntil: datetime, sentAt: datetime, createdAt: datetime,
        // By their names (« Demande de dossier reçue », « Français »: locale/values.ts), not their codes.
        template: { availableValues: Object.keys(VALUE_WORDS.fr.templates).map((value) => ({ value, label: value })) },
        locale: { availableValues: ['fr', 'en'].map((value) => ({ value, label: value })) },
      },
    }, own(outboxActions)),
  };
}
