import { ACCOUNT_FIELD_CODES, ACCOUNT_PROBLEMS } from './accounts/accounts.errors.js';
import { ACTIVITY_FIELD_CODES } from './activities/activities.errors.js';
import { DESK_FIELD_CODES } from './desk/desk.errors.js';
import { ADMIN_FIELD_CODES, ADMIN_PROBLEMS } from './admin/admin.errors.js';
import { AUTH_PROBLEMS } from './auth/auth.errors.js';
import { COMMON_FIELD_CODES, COMMON_PROBLEMS } from './common/common.errors.js';
import { registerFieldCodes, registerProblems } from './common/messages.js';
import { DOSSIER_REQUEST_FIELD_CODES, DOSSIER_REQUEST_PROBLEMS } from './dossier-requests/dossier-requests.errors.js';
import { DOSSIER_FIELD_CODES, DOSSIER_PROBLEMS } from './dossiers/dossiers.errors.js';
import { MAILBOX_FIELD_CODES, MAILBOX_PROBLEMS } from './mailbox/mailbox.errors.js';
import { PORTAL_PROBLEMS } from './portal/portal.errors.js';
import { PRIVACY_FIELD_CODES, PRIVACY_PROBLEMS } from './privacy/privacy.errors.js';
import { REGISTRATION_FIELD_CODES, REGISTRATION_PROBLEMS } from './registrations/registrations.errors.js';
import { PERIOD_FIELD_CODES } from './registration-periods/registration-periods.errors.js';

// The composition root of the error registry: every feature's problem and field codes, registered
// once when this module is first imported (by the app module, the command-line tools and the tests),
// so that the ground floor (`common/`) looks messages up without importing any feature.
registerProblems(COMMON_PROBLEMS, AUTH_PROBLEMS, ACCOUNT_PROBLEMS, DOSSIER_PROBLEMS, DOSSIER_REQUEST_PROBLEMS, ADMIN_PROBLEMS, MAILBOX_PROBLEMS, PORTAL_PROBLEMS, REGISTRATION_PROBLEMS, PRIVACY_PROBLEMS);
registerFieldCodes(COMMON_FIELD_CODES, ACCOUNT_FIELD_CODES, DOSSIER_FIELD_CODES, DOSSIER_REQUEST_FIELD_CODES, ADMIN_FIELD_CODES, MAILBOX_FIELD_CODES, PERIOD_FIELD_CODES, REGISTRATION_FIELD_CODES, ACTIVITY_FIELD_CODES, PRIVACY_FIELD_CODES, DESK_FIELD_CODES);
