import { InitialAccounts1764150000000 } from './1764150000000-InitialAccounts.js';
import { Dossiers1764200000000 } from './1764200000000-Dossiers.js';
import { SignupOnEmailTokens1764310000000 } from './1764310000000-SignupOnEmailTokens.js';
import { PanelIndexes1764400000000 } from './1764400000000-PanelIndexes.js';
import { Staff1764500000000 } from './1764500000000-Staff.js';
import { AuditLog1764600000000 } from './1764600000000-AuditLog.js';
import { RequestAssignment1764610000000 } from './1764610000000-RequestAssignment.js';
import { Mailbox1764700000000 } from './1764700000000-Mailbox.js';
import { MailboxAttachments1764710000000 } from './1764710000000-MailboxAttachments.js';
import { OutboxThreading1764720000000 } from './1764720000000-OutboxThreading.js';
import { RequestDueAt1764730000000 } from './1764730000000-RequestDueAt.js';
import { QueueFigures1764750000000 } from './1764750000000-QueueFigures.js';
import { JobRuns1764800000000 } from './1764800000000-JobRuns.js';
import { UnverifiedEmailSenders1764815000000 } from './1764815000000-UnverifiedEmailSenders.js';
import { ExactEmails1764900000000 } from './1764900000000-ExactEmails.js';
import { StaffSessionOwner1764905000000 } from './1764905000000-StaffSessionOwner.js';
import { AccountLinkTime1764910000000 } from './1764910000000-AccountLinkTime.js';
import { Registrations1765000000000 } from './1765000000000-Registrations.js';
import { Law251765180000000 } from './1765180000000-Law25.js';
import { DashboardIndexes1765190000000 } from './1765190000000-DashboardIndexes.js';
import { ClerkDesk1765200000000 } from './1765200000000-ClerkDesk.js';

/** Every migration in order, listed rather than globbed (jest runs the TypeScript sources in ESM). */
export const MIGRATIONS = [InitialAccounts1764150000000, Dossiers1764200000000, SignupOnEmailTokens1764310000000, PanelIndexes1764400000000, Staff1764500000000, AuditLog1764600000000, RequestAssignment1764610000000, Mailbox1764700000000, MailboxAttachments1764710000000, OutboxThreading1764720000000, RequestDueAt1764730000000, QueueFigures1764750000000, JobRuns1764800000000, UnverifiedEmailSenders1764815000000, ExactEmails1764900000000, StaffSessionOwner1764905000000, AccountLinkTime1764910000000, Registrations1765000000000, Law251765180000000, DashboardIndexes1765190000000, ClerkDesk1765200000000];
