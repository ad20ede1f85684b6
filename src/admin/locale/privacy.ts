import type { LocaleTranslations } from 'adminjs';
import type { Locale } from '../../common/locale.js';

/**
 * Law 25's screens (issue 18): a person's file on request, the retention periods and runs, the
 * confidentiality incidents register. Merged into AdminJS's translations by `withActions`.
 */
export const PRIVACY_TRANSLATIONS: Record<Locale, LocaleTranslations> = {
  fr: {
    labels: {
      privacy_incidents: 'Registre des incidents de confidentialité',
      retention_settings: 'Durées de conservation',
      retention_runs: 'Purges quotidiennes',
      'Loi 25': 'Loi 25',
    },
    actions: { exportFile: 'Exporter le dossier (Loi 25)' },
    messages: {
      personFileIntro:
        'Le dossier réunit tout ce que la Ville conserve au sujet de cette personne : identité, familles et leurs membres, demandes de numéro de dossier qui la nomment, conversations de son compte et de sa famille, comptes en ligne, inscriptions, listes d’attente et journal des consultations et des modifications. Relisez-le avant de le transmettre : il peut contenir des renseignements sur d’autres personnes.',
      personFilePdf: 'Télécharger le PDF',
      personFileJson: 'Télécharger le JSON',
      personFileAudited: 'Chaque téléchargement est inscrit au journal des modifications (« Exportation du dossier »).',
    },
    resources: {
      persons: { actions: { exportFile: 'Exporter le dossier (Loi 25)' } },
      retention_settings: {
        properties: { label: 'Renseignements', kind: 'Type', days: 'Conservés (jours après la fermeture)', rule: 'Ce que fait la purge quotidienne', updatedAt: 'Modifiée le' },
      },
      retention_runs: {
        properties: {
          id: 'N°', day: 'Jour', ranAt: 'Exécutée le', instance: 'Serveur',
          rejectedRequests: 'Demandes refusées anonymisées', threadAttachments: 'Pièces jointes supprimées', closedThreads: 'Conversations anonymisées',
          emailLinks: 'Liens de courriel supprimés', residentSessions: 'Sessions des résidents supprimées', staffSessions: 'Sessions du personnel supprimées', auditEntries: 'Lignes du journal supprimées',
        },
      },
      privacy_incidents: {
        properties: {
          id: 'N°', label: 'Incident', followsId: 'Suite de l’inscription n°', occurredOn: 'Date de l’incident', discoveredOn: 'Date où la Ville en a eu connaissance',
          description: 'Ce qui s’est passé', informationConcerned: 'Renseignements personnels visés', personsConcerned: 'Personnes concernées (catégories)',
          personsCount: 'Nombre de personnes (ou estimation)', seriousRisk: 'Risque de préjudice sérieux', 'seriousRisk.true': 'Oui', 'seriousRisk.false': 'Non',
          riskAssessment: 'Évaluation du risque (motifs)', commissionNotifiedOn: 'Avis à la Commission d’accès à l’information (date)',
          commissionNote: 'Avis à la Commission : « non requis » et pourquoi, ou précisions', personsNotifiedOn: 'Avis aux personnes (date)',
          personsNote: 'Avis aux personnes : comment, ou pourquoi il n’est pas donné', measures: 'Mesures prises', recordedBy: 'Inscrit par', createdAt: 'Inscrit le',
        },
      },
    },
  },
  en: {
    labels: {
      privacy_incidents: 'Confidentiality incidents register',
      retention_settings: 'Retention periods',
      retention_runs: 'Daily purges',
      'Loi 25': 'Law 25',
    },
    actions: { exportFile: 'Export the file (Law 25)' },
    messages: {
      personFileIntro:
        'The file gathers everything the city holds about this person: identity, households and their members, dossier requests that name them, threads of their account and household, online accounts, registrations, waitlists and the log of readings and changes. Read it before sending it: it may hold information about other persons.',
      personFilePdf: 'Download the PDF',
      personFileJson: 'Download the JSON',
      personFileAudited: 'Each download is written to the audit log (“File export”).',
    },
    resources: {
      persons: { actions: { exportFile: 'Export the file (Law 25)' } },
      retention_settings: {
        properties: { label: 'Records', kind: 'Kind', days: 'Kept (days after closing)', rule: 'What the daily purge does', updatedAt: 'Changed on' },
      },
      retention_runs: {
        properties: {
          id: 'No.', day: 'Day', ranAt: 'Ran on', instance: 'Server',
          rejectedRequests: 'Rejected requests anonymised', threadAttachments: 'Attachments deleted', closedThreads: 'Threads anonymised',
          emailLinks: 'Email links deleted', residentSessions: 'Residents’ sessions deleted', staffSessions: 'Staff sessions deleted', auditEntries: 'Audit lines deleted',
        },
      },
      privacy_incidents: {
        properties: {
          id: 'No.', label: 'Incident', followsId: 'Follows entry no.', occurredOn: 'Date of the incident', discoveredOn: 'Date the city learned of it',
          description: 'What happened', informationConcerned: 'Personal information concerned', personsConcerned: 'Persons concerned (categories)',
          personsCount: 'Number of persons (or estimate)', seriousRisk: 'Risk of serious injury', 'seriousRisk.true': 'Yes', 'seriousRisk.false': 'No',
          riskAssessment: 'Risk assessment (reasons)', commissionNotifiedOn: 'Notice to the Commission (date)',
          commissionNote: 'Notice to the Commission: “not required” and why, or details', personsNotifiedOn: 'Notice to the persons (date)',
          personsNote: 'Notice to the persons: how, or why not', measures: 'Measures taken', recordedBy: 'Recorded by', createdAt: 'Recorded on',
        },
      },
    },
  },
};
