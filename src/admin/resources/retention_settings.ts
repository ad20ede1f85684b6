import { RetentionSetting } from '../../privacy/retention-setting.entity.js';
import { RETENTION_KINDS, type RetentionKind } from '../../privacy/retention-rules.js';
import { hide, listOnly, options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Each kind of record: its name, and what the daily job does once the period is over (README, « Conservation »). */
const KINDS: Record<RetentionKind, { label: string; rule: string }> = {
  rejected_requests: {
    label: 'Demandes de numéro de dossier refusées',
    rule: 'Comptées à partir de la décision. Anonymisées : nom, date de naissance, coordonnées, adresse et membres effacés ; la référence, le statut, le motif et les dates restent pour les statistiques.',
  },
  closed_thread_attachments: {
    label: 'Pièces jointes des conversations fermées',
    rule: 'Comptées à partir du dernier message d’une conversation fermée. Supprimées ; la conversation reste.',
  },
  closed_threads: {
    label: 'Conversations fermées',
    rule: 'Comptées à partir du dernier message. Anonymisées : messages et pièces jointes supprimés, adresse courriel et objet effacés, compte délié ; la référence, le sujet et les délais de réponse restent pour les statistiques.',
  },
  expired_tokens: {
    label: 'Liens et jetons expirés (confirmation, mot de passe, session des résidents)',
    rule: 'Comptés à partir de leur expiration. Supprimés.',
  },
  staff_sessions: {
    label: 'Sessions du personnel',
    rule: 'Comptées à partir de leur expiration. Supprimées.',
  },
  audit_entries: {
    label: 'Journal des modifications et des consultations',
    rule: 'Compté à partir de la date de la ligne. Lignes supprimées ; jamais avant 365 jours, la base de données le refuse.',
  },
};

/** The retention periods (Law 25): one line per kind, the number of days edited by administrators through RetentionSettingsService. */
export function retentionSettings(kit: PanelKit): PanelResourceEntry {
  const { history, source, writer, datetime } = kit;
  return {
    ...source<RetentionSetting>({
      entity: RetentionSetting,
      id: 'retention_settings',
      title: 'label',
      sorts: { id: 'id' },
      defaultSort: { column: 'id', direction: 'asc' },
      writable: ['days'],
      virtuals: [
        { path: 'label', type: 'string' },
        { path: 'rule', type: 'textarea' },
      ],
      present: (row) => ({ label: KINDS[row.kind]?.label ?? row.kind, rule: KINDS[row.kind]?.rule ?? '' }),
      ...writer(({ retention }) => ({ update: (id, values, actor) => retention.update(id, values, actor) })),
    }),
    options: options('retention_settings', {
      navigation: { name: 'Loi 25', icon: 'Shield' },
      listProperties: ['label', 'days', 'updatedAt'],
      filterProperties: [],
      showProperties: ['label', 'days', 'rule', 'updatedAt', 'history'],
      editProperties: ['label', 'rule', 'days'],
      properties: {
        kind: { availableValues: RETENTION_KINDS.map((value) => ({ value, label: KINDS[value].label })), isVisible: false },
        label: { isVisible: { list: true, show: true, edit: true, filter: false }, isDisabled: true },
        rule: { ...listOnly({ edit: true }), isDisabled: true },
        days: { type: 'number' },
        id: hide,
        updatedAt: datetime,
        ...history,
      },
      sort: { sortBy: 'id', direction: 'asc' },
    }),
  };
}
