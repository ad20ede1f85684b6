import { Account } from '../../accounts/account.entity.js';
import { accountActions } from '../actions.js';
import { lower, options, type PanelKit, type PanelResourceEntry } from './shared.js';

/** Resident accounts (read-only but for their actions: resend the confirmation, unlock, unlink a dossier). */
export function accounts(kit: PanelKit): PanelResourceEntry {
  const { viewed, history, own, source, datetime } = kit;
  return {
    ...source<Account>({
      entity: Account,
      id: 'accounts',
      title: 'email',
      hidden: ['passwordHash'],
      // « Dossier lié le » from a date: the recent links, for a clerk to check (issue 15); its index serves it.
      filters: { email: { kind: 'prefix', column: 'email', normalize: lower }, dossierLinkedAt: { kind: 'range', column: 'dossierLinkedAt' } },
      sorts: { email: 'email', id: 'id', dossierLinkedAt: 'dossierLinkedAt' },
      defaultSort: { column: 'id', direction: 'desc' },
    }),
    options: options('accounts', {
      navigation: { name: 'Résidents', icon: 'User' },
      listProperties: ['email', 'lastName', 'firstName', 'emailVerifiedAt', 'dossierLinkedAt', 'createdAt'],
      filterProperties: ['email', 'dossierLinkedAt'],
      properties: { createdAt: datetime, updatedAt: datetime, emailVerifiedAt: datetime, dossierLinkedAt: datetime, ...history },
    }, own(accountActions), viewed('accounts')),
  };
}
