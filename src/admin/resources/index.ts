import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../common/clock.js';
import type { PanelServices } from '../actions.js';
import { accounts } from './accounts.js';
import { activities } from './activities.js';
import { auditLog } from './audit_log.js';
import { calendar } from './calendar.js';
import { dossierRequests } from './dossier_requests.js';
import { households } from './households.js';
import { outbox } from './outbox.js';
import { persons } from './persons.js';
import { privacyIncidents } from './privacy_incidents.js';
import { registrationPeriods } from './registration_periods.js';
import { registrations } from './registrations.js';
import { replyTemplates } from './reply_templates.js';
import { retentionRuns } from './retention_runs.js';
import { retentionSettings } from './retention_settings.js';
import { datesAsTyped, panelKit, writtenByWriter, type PanelComponents } from './shared.js';
import { staff } from './staff.js';
import { threads } from './threads.js';
import { waitlist } from './waitlist.js';

export { stripSecrets, type PanelComponents } from './shared.js';
export { requestAge } from './dossier_requests.js';
export type { PanelResource } from '../adapter/panel-resource.js';

/** The panel's resources over the app's DataSource, in the sidebar's order; one file a resource, named by its id. */
export function panelResources(dataSource: DataSource, clock: Clock, components: PanelComponents, actions?: { services: PanelServices; component: string }): ResourceWithOptions[] {
  const kit = panelKit(dataSource, clock, components, actions);
  return [dossierRequests, threads, households, persons, accounts, activities, registrations, waitlist, registrationPeriods, calendar, replyTemplates, staff, outbox, auditLog, privacyIncidents, retentionSettings, retentionRuns]
    .map((resource) => resource(kit))
    .map(({ source, options }) => ({ resource: source, options: datesAsTyped(source, writtenByWriter(source, options)) }));
}
