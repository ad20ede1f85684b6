import { ReplyTemplate } from '../../desk/reply-template.entity.js';
import { THREAD_CATEGORIES } from '../../mailbox/thread.entity.js';
import { options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** The reply templates (« réponses types »): administrators write them through ReplyTemplates; clerks read them and choose one when replying. */
export function replyTemplates(kit: PanelKit): PanelResourceEntry {
  const { history, source, writer, datetime } = kit;
  return {
    ...source<ReplyTemplate>(
      {
        entity: ReplyTemplate,
        id: 'reply_templates',
        title: 'title',
        filters: { category: { kind: 'exact', column: 'category', normalize: (raw) => ((THREAD_CATEGORIES as readonly string[]).includes(raw) ? raw : null) } },
        sorts: { category: 'category', id: 'id' },
        defaultSort: { column: 'category', direction: 'asc' },
        writable: ['title', 'category', 'bodyFr', 'bodyEn'],
        ...writer(({ templates }) => templates),
      },
    ),
    options: options('reply_templates', {
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['title', 'category', 'updatedAt'],
      filterProperties: ['category'],
      showProperties: ['title', 'category', 'bodyFr', 'bodyEn', 'createdAt', 'updatedAt', 'history'],
      editProperties: ['title', 'category', 'bodyFr', 'bodyEn'],
      properties: {
        bodyFr: { type: 'textarea', props: { rows: 12 } },
        bodyEn: { type: 'textarea', props: { rows: 12 } },
        category: { availableValues: THREAD_CATEGORIES.map((value) => ({ value, label: value })) },
        createdAt: datetime, updatedAt: datetime, ...history,
      },
      sort: { sortBy: 'category', direction: 'asc' },
    }),
  };
}
