import { AuditEntry } from '../audit/audit-entry.entity.js';
import { CalendarEntry } from '../calendar/calendar-entry.entity.js';
import { ThreadAttachment } from '../mailbox/thread-attachment.entity.js';
import { ThreadMessage } from '../mailbox/thread-message.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { Account } from '../accounts/account.entity.js';
import { EmailToken } from '../accounts/email-token.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { JobRun } from '../digest/job-run.entity.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { Household } from '../dossiers/household.entity.js';
import { HouseholdPhone } from '../dossiers/household-phone.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { RegistrationPeriod } from '../registration-periods/registration-period.entity.js';
import { StaffSession } from '../staff/staff-session.entity.js';
import { Staff } from '../staff/staff.entity.js';
import { Sequence } from './sequence.entity.js';
import { Activity } from '../activities/activity.entity.js';
import { Offering } from '../activities/offering.entity.js';
import { Checkout } from '../registrations/checkout.entity.js';
import { ClaimPerson } from '../registrations/claim-person.entity.js';
import { Hold } from '../registrations/hold.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { WaitingRoomDraw, WaitingRoomEntry } from '../registrations/waiting-room.entity.js';
import { WaitlistEntry } from '../registrations/waitlist-entry.entity.js';
import { ReplyTemplate } from '../desk/reply-template.entity.js';
import { PrivacyIncident } from '../privacy/privacy-incident.entity.js';
import { RetentionRun } from '../privacy/retention-run.entity.js';
import { RetentionSetting } from '../privacy/retention-setting.entity.js';

/** Every entity, listed rather than globbed so that jest (ESM) and the compiled app load the same set. */
export const ENTITIES = [
  Account,
  EmailToken,
  RefreshToken,
  OutboxMessage,
  Sequence,
  Household,
  HouseholdPhone,
  Person,
  Membership,
  RegistrationPeriod,
  DossierRequest,
  Staff,
  StaffSession,
  AuditEntry,
  CalendarEntry,
  Thread,
  ThreadMessage,
  ThreadAttachment,
  JobRun,
  Activity,
  Offering,
  Hold,
  ClaimPerson,
  Registration,
  Checkout,
  WaitlistEntry,
  WaitingRoomEntry,
  WaitingRoomDraw,
  ReplyTemplate,
  RetentionSetting,
  RetentionRun,
  PrivacyIncident,
];
