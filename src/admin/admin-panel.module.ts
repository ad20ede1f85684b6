import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { AdminModule } from '@adminjs/nestjs';
import { getDataSourceToken } from '@nestjs/typeorm';
import AdminJS, { ComponentLoader, type AdminJSOptions, type BrandingOptions } from 'adminjs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PanelDatabase } from './adapter/panel-database.js';
import { PanelResource } from './adapter/panel-resource.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { RegistrationPeriodsModule } from '../registration-periods/registration-periods.module.js';
import { RegistrationPeriodsService } from '../registration-periods/registration-periods.service.js';
import { DossierRequestsModule } from '../dossier-requests/dossier-requests.module.js';
import { DossierRequestsService } from '../dossier-requests/dossier-requests.service.js';
import { DossiersModule } from '../dossiers/dossiers.module.js';
import { DossiersService } from '../dossiers/dossiers.service.js';
import { HouseholdsService } from '../dossiers/households.service.js';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.service.js';
import { StaffAccounts } from '../staff/staff-accounts.service.js';
import { StaffModule } from '../staff/staff.module.js';
import { MailboxDesk } from '../mailbox/mailbox-desk.service.js';
import { MailboxModule } from '../mailbox/mailbox.module.js';
import { AttachmentDownloadController } from '../mailbox/attachment-download.js';
import { QueuesModule } from '../queues/queues.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { WaitlistService } from '../registrations/waitlist.service.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { IncidentsService } from '../privacy/incidents.service.js';
import { RetentionSettingsService } from '../privacy/retention-settings.service.js';
import { DeskModule } from '../desk/desk.module.js';
import { DeskSearch } from '../desk/desk-search.service.js';
import { ReplyTemplates } from '../desk/reply-templates.service.js';
import { ResidentContexts } from '../desk/resident-context.service.js';
import type { PanelServices } from './actions.js';
import { searchPageHandler } from './desk-actions.js';
import { withActions } from './locale/actions.js';
import { en } from './locale/en.js';
import { fr } from './locale/fr.js';
import { PanelLoader } from './panel.loader.js';
import { panelResources, type PanelComponents } from './resources/index.js';

const COMPONENTS = join(import.meta.dirname, 'components');

let adapterRegistered = false;

/**
 * With ADMIN_JS_SKIP_BUNDLE=true (the tests) AdminJS neither bundles at start-up nor watches the
 * components in development: its rollup watcher would keep jest alive. The components bundle is
 * then built on its first request (AdminJS's `bundleComponents` route).
 */
function quietBundler(): void {
  if (process.env.ADMIN_JS_SKIP_BUNDLE === 'true') AdminJS.prototype.watch = async () => undefined;
}

/** The panel's own React components (JSX files beside this one, copied to dist by the build). */
export function panelComponents(): { componentLoader: ComponentLoader; dashboard: string; confirmAction: string; searchPage: string; components: PanelComponents; pages: AdminJSOptions['pages'] } {
  const componentLoader = new ComponentLoader();
  const dashboard = componentLoader.add('Dashboard', join(COMPONENTS, 'Dashboard.jsx'));
  // The panel's own pages (`/admin/pages/<name>`), for the roles PAGE_ROLES names (src/staff/roles.ts).
  const pages = { waitingRoom: { component: componentLoader.add('WaitingRoomLive', join(COMPONENTS, 'WaitingRoomLive.jsx')), icon: 'Activity' } };
  // The screen of the panel's own confirmed actions (unlink, unlock, retry, staff…).
  const confirmAction = componentLoader.add('ConfirmAction', join(COMPONENTS, 'ConfirmAction.jsx'));
  const components: PanelComponents = {
    history: componentLoader.add('History', join(COMPONENTS, 'History.jsx')),
    requestAction: componentLoader.add('RequestAction', join(COMPONENTS, 'RequestAction.jsx')),
    householdMembers: componentLoader.add('HouseholdMembers', join(COMPONENTS, 'HouseholdMembers.jsx')),
    personHouseholds: componentLoader.add('PersonHouseholds', join(COMPONENTS, 'PersonHouseholds.jsx')),
    familyAction: componentLoader.add('FamilyAction', join(COMPONENTS, 'FamilyAction.jsx')),
    threadAction: componentLoader.add('ThreadAction', join(COMPONENTS, 'ThreadAction.jsx')),
    threadMessages: componentLoader.add('ThreadMessages', join(COMPONENTS, 'ThreadMessages.jsx')),
    auditValue: componentLoader.add('AuditValue', join(COMPONENTS, 'AuditValue.jsx')),
    registrationAction: componentLoader.add('RegistrationAction', join(COMPONENTS, 'RegistrationAction.jsx')),
    offeringLists: componentLoader.add('OfferingLists', join(COMPONENTS, 'OfferingLists.jsx')),
    personFile: componentLoader.add('PersonFile', join(COMPONENTS, 'PersonFile.jsx')),
    showWithContext: componentLoader.add('ShowWithContext', join(COMPONENTS, 'ShowWithContext.jsx')),
    dossierNumberReason: componentLoader.add('DossierNumberReason', join(COMPONENTS, 'DossierNumberReason.jsx')),
  };
  // The search box at the top of every page (in place of AdminJS's version line), and its results' page.
  componentLoader.override('Version', join(COMPONENTS, 'GlobalSearch.jsx'));
  const searchPage = componentLoader.add('SearchPage', join(COMPONENTS, 'SearchPage.jsx'));
  componentLoader.override('DefaultDatetimeShowProperty', join(COMPONENTS, 'DateTime.jsx'));
  componentLoader.override('DefaultDatetimeListProperty', join(COMPONENTS, 'DateTimeList.jsx'));
  componentLoader.override('DefaultDatetimeEditProperty', join(COMPONENTS, 'DateEdit.jsx'));
  componentLoader.override('DefaultBooleanEditProperty', join(COMPONENTS, 'BooleanEdit.jsx'));
  componentLoader.override('BooleanPropertyValue', join(COMPONENTS, 'BooleanValue.jsx'));
  componentLoader.override('DefaultDatetimeFilterProperty', join(COMPONENTS, 'DateFilter.jsx'));
  componentLoader.override('DefaultEditProperty', join(COMPONENTS, 'SelectEdit.jsx'));
  componentLoader.override('DefaultFilterProperty', join(COMPONENTS, 'SelectFilter.jsx'));
  componentLoader.override('DefaultBooleanFilterProperty', join(COMPONENTS, 'BooleanFilter.jsx'));
  componentLoader.override('ActionHeader', join(COMPONENTS, 'ActionHeader.jsx'));
  componentLoader.override('LoggedIn', join(COMPONENTS, 'StaffMenu.jsx'));
  componentLoader.override('SidebarResourceSection', join(COMPONENTS, 'SidebarSections.jsx'));
  componentLoader.override('SidebarPages', join(COMPONENTS, 'SidebarPages.jsx'));
  return { componentLoader, dashboard, confirmAction, searchPage, components, pages };
}

/**
 * The city's blue, and the sidebar kept open from 1200 px (AdminJS: 1324 px), the width of an office
 * screen. AdminJS's theme type leaves out the breakpoints, which its combineStyles merges all the same.
 */
const PANEL_THEME = {
  breakpoints: ['577px', '769px', '1024px', '1200px'],
  colors: { primary100: '#0b4f8a', primary80: '#2f6ea3', primary60: '#5a8fbf', primary40: '#9fbfdc', primary20: '#dbe7f3', accent: '#f2b705', love: '#0b4f8a', grey60: '#5c6670' },
};

/** AdminJS's options for this service: resources, French first, the city's branding, our components. */
export function panelOptions(dataSource: DataSource, clock: Clock, config: Pick<AppConfig, 'cityName'>, services?: PanelServices): AdminJSOptions {
  if (!adapterRegistered) {
    AdminJS.registerAdapter({ Database: PanelDatabase, Resource: PanelResource });
    adapterRegistered = true;
  }
  const { componentLoader, dashboard, components, confirmAction, searchPage, pages } = panelComponents();
  const actions = services && { services, component: confirmAction };
  return {
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    resources: panelResources(dataSource, clock, components, actions),
    componentLoader,
    dashboard: { component: dashboard },
    // The search box's results (issue 18): persons, households, requests and threads, for every role (PAGE_ROLES).
    pages: { ...pages, ...(services ? { recherche: { component: searchPage, icon: 'Search', handler: searchPageHandler(services.search, clock.timeZone) } } : {}) },
    branding: {
      companyName: config.cityName,
      logo: '/admin/brand/logo.svg',
      favicon: '/admin/brand/logo.svg',
      withMadeWithLove: false,
      theme: PANEL_THEME as BrandingOptions['theme'],
    },
    locale: { language: 'fr', availableLanguages: ['fr', 'en'], localeDetection: false, translations: { fr: withActions(fr, 'fr'), en: withActions(en, 'en') } },
    assets: { styles: ['/admin/brand/panel.css'], scripts: ['/admin/brand/a11y.js'] },
    settings: { defaultPerPage: 20 },
    version: { admin: false },
  };
}

/** The back-office at /admin (issue #7): AdminJS through @adminjs/nestjs, mounted by PanelLoader. */
@Module({})
export class AdminPanelModule {
  /** `gate`: the module exporting PANEL_GATE (the staff module's sign-in). */
  static forRoot(gate: NonNullable<ModuleMetadata['imports']>[number]): DynamicModule {
    quietBundler();
    return {
      module: AdminPanelModule,
      // The mailbox's attachments, downloaded from the panel's thread pages.
      controllers: [AttachmentDownloadController],
      imports: [
        AdminModule.createAdminAsync({
          imports: [gate, AccountsModule, DossiersModule, DossierRequestsModule, MailboxModule, StaffModule, QueuesModule, RegistrationPeriodsModule, RegistrationsModule, PrivacyModule, DeskModule],
          inject: [getDataSourceToken(), Clock, APP_CONFIG, AccountsService, DossiersService, DossierRequestsService, OutboxDispatcher, StaffAccounts, HouseholdsService, MailboxDesk, CalendarService, RegistrationPeriodsService, RegistrationsService, WaitlistService, RetentionSettingsService, IncidentsService, ResidentContexts, ReplyTemplates, DeskSearch],
          useFactory: (dataSource: DataSource, clock: Clock, config: AppConfig, accounts: AccountsService, dossiers: DossiersService, requests: DossierRequestsService, dispatcher: OutboxDispatcher, staff: StaffAccounts, households: HouseholdsService, mailbox: MailboxDesk, calendar: CalendarService, periods: RegistrationPeriodsService, registrations: RegistrationsService, waitlist: WaitlistService, retention: RetentionSettingsService, incidents: IncidentsService, contexts: ResidentContexts, templates: ReplyTemplates, search: DeskSearch) => ({
            adminJsOptions: panelOptions(dataSource, clock, config, { accounts, dossiers, requests, dispatcher, staff, households, mailbox, calendar, periods, registrations, waitlist, retention, incidents, contexts, templates, search }),
          }),
          customLoader: PanelLoader,
        }),
      ],
    };
  }
}
