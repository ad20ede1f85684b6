import AdminJS from 'adminjs';
import type { PanelServices } from '../../src/admin/actions.js';
import { panelOptions } from '../../src/admin/admin-panel.module.js';
import { AccountsService } from '../../src/accounts/accounts.service.js';
import { CalendarService } from '../../src/calendar/calendar.service.js';
import { DossierRequestsService } from '../../src/dossier-requests/dossier-requests.service.js';
import { DossiersService } from '../../src/dossiers/dossiers.service.js';
import { HouseholdsService } from '../../src/dossiers/households.service.js';
import { MailboxDesk } from '../../src/mailbox/mailbox-desk.service.js';
import { OutboxDispatcher } from '../../src/notifications/outbox-dispatcher.service.js';
import { RegistrationPeriodsService } from '../../src/registration-periods/registration-periods.service.js';
import { RegistrationsService } from '../../src/registrations/registrations.service.js';
import { WaitlistService } from '../../src/registrations/waitlist.service.js';
import { IncidentsService } from '../../src/privacy/incidents.service.js';
import { RetentionSettingsService } from '../../src/privacy/retention-settings.service.js';
import { StaffAccounts } from '../../src/staff/staff-accounts.service.js';
import { DeskSearch } from '../../src/desk/desk-search.service.js';
import { ReplyTemplates } from '../../src/desk/reply-templates.service.js';
import { ResidentContexts } from '../../src/desk/resident-context.service.js';
import type { TestApp } from './app.js';

/** The app's own services, as the panel module hands them to the resources (the writers among them). */
export function panelServices(t: TestApp): PanelServices {
  const get = <T,>(token: new (...args: never[]) => T) => t.app.get(token, { strict: false });
  return {
    accounts: get(AccountsService),
    dossiers: get(DossiersService),
    requests: get(DossierRequestsService),
    households: get(HouseholdsService),
    mailbox: get(MailboxDesk),
    dispatcher: get(OutboxDispatcher),
    staff: get(StaffAccounts),
    calendar: get(CalendarService),
    periods: get(RegistrationPeriodsService),
    registrations: get(RegistrationsService),
    waitlist: get(WaitlistService),
    contexts: get(ResidentContexts),
    templates: get(ReplyTemplates),
    search: get(DeskSearch),
    retention: get(RetentionSettingsService),
    incidents: get(IncidentsService),
  };
}

/** The panel's AdminJS over the app's database and services, for medium tests of its resources. */
export function panelAdmin(t: TestApp): AdminJS {
  return new AdminJS(panelOptions(t.dataSource, t.clock, t.config, panelServices(t)));
}
