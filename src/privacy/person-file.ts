/**
 * A person's file on request (Law 25: the right of access, s. 83 of the Act respecting access):
 * everything the city holds about one person, as plain data. Instants are ISO 8601 with the city's
 * offset; the renderers (JSON, PDF) only shape it.
 */
export interface PersonFile {
  generatedAt: string;
  person: {
    id: number;
    dossierNumber: string;
    firstName: string;
    lastName: string;
    birthDate: string;
    email: string | null;
    phone: string | null;
    createdAt: string;
    updatedAt: string;
  };
  households: Array<{
    id: number;
    address: string;
    phones: Array<{ kind: string; number: string }>;
    role: string;
    dependent: boolean;
    members: Array<{ firstName: string; lastName: string; role: string }>;
    createdAt: string;
  }>;
  accounts: Array<{ id: number; email: string; firstName: string; lastName: string; locale: string; emailVerifiedAt: string | null; dossierLinkedAt: string | null; createdAt: string }>;
  dossierRequests: Array<{
    id: number;
    reference: string;
    status: string;
    /** Why it is in this file: the applicant, a member of the request, the person's account, address or household. */
    names: 'applicant' | 'member' | 'account' | 'email' | 'household';
    applicant: { firstName: string; lastName: string; birthDate: string };
    email: string;
    phone: string;
    address: string;
    members: Array<{ firstName: string; lastName: string; birthDate: string; relationship: string }>;
    infoQuestion: string | null;
    rejectionReason: string | null;
    decisionNote: string | null;
    createdAt: string;
    decidedAt: string | null;
    anonymizedAt: string | null;
  }>;
  threads: Array<{
    id: number;
    reference: string;
    subject: string;
    category: string;
    status: string;
    email: string;
    /** The account it came from: the person's own, or another adult's of their household. */
    accountId: number | null;
    receivedAt: string;
    messages: Array<{ id: number; author: string; internal: boolean; body: string; createdAt: string }>;
    attachments: Array<{ filename: string; contentType: string; size: number; createdAt: string }>;
  }>;
  registrations: Array<{ id: number; activity: string; group: string; site: string; status: string; amountCents: number; createdAt: string; cancelledAt: string | null; cancelReason: string | null }>;
  waitlistEntries: Array<{ id: number; activity: string; group: string; status: string; rank: number; offeredAt: string | null; createdAt: string }>;
  auditEntries: Array<{ id: number; occurredAt: string; actor: string; action: string; resource: string; recordId: string; changes: Record<string, { before: unknown; after: unknown }> | null; note: string | null }>;
}

export type PersonFileFormat = 'json' | 'pdf';
