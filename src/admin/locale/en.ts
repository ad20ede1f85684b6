import type { LocaleTranslations } from 'adminjs';

/** English, the panel's second language: AdminJS's own, plus our resources and sentences. */
export const en: LocaleTranslations = {
  actions: { new: 'Add', search: 'Search', create: 'Created', update: 'Changed', view: 'Viewed' },
  buttons: { resetFilter: 'Clear filters' },
  components: {
    Login: { welcomeHeader: 'Welcome', welcomeMessage: 'to the staff desk of the Recreation Department', properties: { email: 'Email address' } },
    StaffMenu: { account: 'My account', roles: { clerk: 'Clerk', supervisor: 'Supervisor', administrator: 'Administrator' } },
  },
  labels: {
    dashboard: 'Home',
    dossier_requests: 'Dossier-number requests',
    households: 'Households',
    persons: 'Persons',
    accounts: 'Resident accounts',
    activities: 'Activities: groups',
    registrations: 'Class lists',
    waitlist: 'Waitlists',
    registration_periods: 'Registration periods',
    calendar: 'Calendar: office closures',
    staff: 'Staff',
    outbox: 'Outgoing emails',
    audit_log: 'Audit log',
    history: 'History',
    historyWhen: 'When',
    historyWho: 'Who',
    historyWhat: 'Action',
    historyChanges: 'Changes (before → after)',
    Dossiers: 'Dossiers',
    Résidents: 'Residents',
    Configuration: 'Configuration',
    Inscriptions: 'Registrations',
  },
  messages: {
    noRecordsInResource: 'No records yet',
    noRecords: 'No matching records',
    welcomeOnBoard_title: 'Welcome',
    welcomeOnBoard_subtitle: "The Recreation Department's staff desk",
    filter_not_available: 'This field cannot be used as a filter',
    historyEmpty: 'No change or access recorded for this record',
    seeConsoleForMore: 'Tell IT support if the problem persists.',
  },
  resources: {
    dossier_requests: {
      properties: {
        reference: 'Reference', status: 'Status', 'status.submitted': 'Received', 'status.in_review': 'In review', 'status.needs_info': 'Information requested', 'status.approved': 'Approved', 'status.rejected': 'Rejected',
        applicantFirstName: 'Applicant first name', applicantLastName: 'Applicant last name', applicantBirthDate: 'Applicant date of birth', email: 'Email address',
        members: 'Requested members', possibleDuplicates: 'Possible duplicates', dueAt: 'Due (72 business hours)', late: 'Received late', householdId: 'Household', accountId: 'Account', createdAt: 'Received', updatedAt: 'Updated',
      },
    },
    households: { properties: { label: 'Address', member: 'Member (dossier number or name)', members: 'Members', phones: 'Phones', legacyKey: 'Legacy key', createdAt: 'Created', updatedAt: 'Updated' } },
    persons: { properties: { dossierNumber: 'Dossier number', firstName: 'First name', lastName: 'Last name', fullName: 'Person', birthDate: 'Date of birth', email: 'Email address', accountId: 'Online account', createdAt: 'Created', updatedAt: 'Updated' } },
    accounts: { properties: { email: 'Email address', emailVerifiedAt: 'Address confirmed', dossierLinkedAt: 'Dossier linked on', createdAt: 'Created', updatedAt: 'Updated' } },
    registration_periods: { properties: { opensAt: 'Opens', closesAt: 'Closes', createdAt: 'Created' } },
    calendar: { properties: { date: 'Date (YYYY-MM-DD)', name: 'Reason', createdAt: 'Added', updatedAt: 'Updated' } },
    staff: { properties: { displayName: 'Name', passwordChangedAt: 'Password changed', totpEnrolledAt: 'Two-factor since', 'role.clerk': 'Clerk', 'role.supervisor': 'Supervisor', 'role.administrator': 'Administrator', lastLoginAt: 'Last login' } },
    outbox: { properties: { recipient: 'Recipient (masked)', nextAttemptAt: 'Next attempt', lastError: 'Last error', sentAt: 'Sent' } },
    audit_log: {
      properties: {
        occurredAt: 'Date', staffId: 'Staff member number', staffName: 'Staff member', actorKind: 'Author',
        'actorKind.staff': 'Staff', 'actorKind.resident': 'Resident', 'actorKind.system': 'System', 'actorKind.anonymous': 'Anonymous',
        action: 'Action', resource: 'Section', recordId: 'Record number', changes: 'Changes (before, after)', note: 'Reason or note',
      },
    },
  },
};
