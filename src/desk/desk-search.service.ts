import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Account } from '../accounts/account.entity.js';
import type { Actor } from '../common/actor.js';
import { prefixSql } from '../database/prefix.js';
import { DossierRequest } from '../dossier-requests/dossier-request.entity.js';
import { nameKey } from '../dossiers/dossier-rules.js';
import { HouseholdPhone } from '../dossiers/household-phone.entity.js';
import { Household } from '../dossiers/household.entity.js';
import { Membership } from '../dossiers/membership.entity.js';
import { Person } from '../dossiers/person.entity.js';
import { Thread } from '../mailbox/thread.entity.js';
import { requireRight } from '../staff/roles.js';
import { addressLabel } from './resident-context.service.js';
import { searchTerms, type SearchTerms } from './search-terms.js';

/** At most this many results of each kind: the box finds, the lists browse. */
export const RESULTS_PER_KIND = 10;

export interface SearchResults {
  persons: Array<{ id: number; name: string; dossierNumber: string; birthDate: string; email: string | null }>;
  households: Array<{ id: number; address: string; members: string[] }>;
  requests: Array<{ id: number; reference: string; name: string; status: string; createdAt: string }>;
  threads: Array<{ id: number; reference: string; subject: string; email: string; status: string; receivedAt: string }>;
}

const EMPTY: SearchResults = { persons: [], households: [], requests: [], threads: [] };

/**
 * The panel's one search box (issue 18): persons, households, requests and threads by what a clerk
 * has at hand (see `searchTerms`), each kind through its own indexes, closed requests and threads
 * included (the queue's « à traiter » is a list's default, not the search's).
 */
@Injectable()
export class DeskSearch {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(raw: string, actor: Actor): Promise<SearchResults> {
    requireRight(actor, 'persons', 'search');
    const terms = searchTerms(raw);
    // An address finds the accounts that start with it, and the persons linked to them.
    const accounts = terms.email ? (await this.prefixed(Account, 'email', terms.email).select(['e.id']).orderBy('e.email').take(RESULTS_PER_KIND).getMany()).map((a) => a.id) : [];
    const persons = await this.persons(terms, accounts);
    const accountIds = new Set([...accounts, ...persons.map((p) => p.accountId).filter((id): id is number => id !== null)]);
    const [households, requests, threads] = [await this.households(terms, persons), await this.requests(terms, [...accountIds]), await this.threads(terms, [...accountIds])];
    if (!persons.length && !households.length && !requests.length && !threads.length) return EMPTY;
    return {
      persons: persons.map((p) => ({ id: p.id, name: `${p.lastName}, ${p.firstName}`, dossierNumber: p.dossierNumber, birthDate: p.birthDate, email: p.email })),
      households,
      requests: requests.map((r) => ({ id: r.id, reference: r.reference, name: `${r.applicantFirstName} ${r.applicantLastName}`, status: r.status, createdAt: r.createdAt.toISOString() })),
      threads: threads.map((t) => ({ id: t.id, reference: t.reference, subject: t.subject, email: t.email, status: t.status, receivedAt: t.receivedAt.toISOString() })),
    };
  }

  /** `column` starts with `prefix`, served by its index (a range on SQLite, LIKE on MariaDB). */
  private prefixed<T extends ObjectLiteral>(entity: new () => T, column: string, prefix: string, param = 'p'): SelectQueryBuilder<T> {
    const qb = this.dataSource.getRepository(entity).createQueryBuilder('e');
    const [condition, parameters] = prefixSql(`e.${column}`, prefix, param, qb as SelectQueryBuilder<ObjectLiteral>);
    return qb.where(condition, parameters);
  }

  private async persons(terms: SearchTerms, accountIds: number[]): Promise<Person[]> {
    const found = new Map<number, Person>();
    const add = (rows: Person[]) => {
      for (const p of rows) if (found.size < RESULTS_PER_KIND) found.set(p.id, p);
    };
    for (const { lastName, firstName } of terms.names) {
      if (found.size >= RESULTS_PER_KIND) break;
      // In the index's order (lastNameKey, birthDate, id): the first rows of the range, never the whole of « Tremblay ».
      const rows = await this.prefixed(Person, 'lastNameKey', lastName).orderBy('e.lastNameKey').addOrderBy('e.birthDate').addOrderBy('e.id').take(firstName ? 200 : RESULTS_PER_KIND).getMany();
      add(rows.filter((p) => !firstName || nameKey(p.firstName).startsWith(firstName)));
    }
    if (terms.dossierNumber) add(await this.prefixed(Person, 'dossierNumber', terms.dossierNumber).orderBy('e.dossierNumber').take(RESULTS_PER_KIND).getMany());
    if (terms.email) add(await this.prefixed(Person, 'email', terms.email).orderBy('e.email').addOrderBy('e.id').take(RESULTS_PER_KIND).getMany());
    if (terms.phone) add(await this.dataSource.getRepository(Person).find({ where: { phone: terms.phone }, order: { id: 'ASC' }, take: RESULTS_PER_KIND }));
    if (accountIds.length) add(await this.dataSource.getRepository(Person).find({ where: { accountId: In(accountIds) }, order: { id: 'ASC' } }));
    return [...found.values()];
  }

  /** The households of the persons found, in their order, then those of the phone number. */
  private async households(terms: SearchTerms, persons: Person[]): Promise<SearchResults['households']> {
    const ids: number[] = [];
    if (persons.length) {
      const memberships = await this.dataSource.getRepository(Membership).find({ where: { personId: In(persons.map((p) => p.id)) }, select: { personId: true, householdId: true } });
      for (const p of persons) for (const m of memberships) if (m.personId === p.id && !ids.includes(m.householdId)) ids.push(m.householdId);
    }
    if (terms.phone) for (const phone of await this.prefixed(HouseholdPhone, 'number', terms.phone).orderBy('e.id').take(RESULTS_PER_KIND).getMany()) if (!ids.includes(phone.householdId)) ids.push(phone.householdId);
    const shown = ids.slice(0, RESULTS_PER_KIND);
    if (!shown.length) return [];
    const households = new Map((await this.dataSource.getRepository(Household).find({ where: { id: In(shown) } })).map((h) => [h.id, h]));
    const members = await this.dataSource.getRepository(Membership).find({ where: { householdId: In(shown) }, relations: { person: true }, order: { id: 'ASC' } });
    return shown
      .filter((id) => households.has(id))
      .map((id) => ({ id, address: addressLabel(households.get(id)!), members: members.filter((m) => m.householdId === id).map((m) => `${m.person.firstName} ${m.person.lastName}`) }));
  }

  private async requests(terms: SearchTerms, accountIds: number[]): Promise<DossierRequest[]> {
    const found = new Map<number, DossierRequest>();
    // Each query in an order its index holds (« DR-2026 » matches a year of requests: never sorted whole).
    const add = async (qb: SelectQueryBuilder<DossierRequest>, order = 'e.id') => {
      for (const r of await qb.orderBy(order, 'DESC').take(RESULTS_PER_KIND).getMany()) found.set(r.id, r);
    };
    const repository = this.dataSource.getRepository(DossierRequest);
    if (terms.reference?.startsWith('DR')) await add(this.prefixed(DossierRequest, 'reference', terms.reference), 'e.reference');
    if (terms.email) await add(this.prefixed(DossierRequest, 'email', terms.email), 'e.email');
    if (terms.phone) await add(repository.createQueryBuilder('e').where('e.phone = :phone', { phone: terms.phone }));
    if (accountIds.length) await add(repository.createQueryBuilder('e').where('e.accountId IN (:...accountIds)', { accountIds }));
    // By the applicant's name: someone without a dossier yet is found by the request they sent.
    for (const { lastName, firstName } of terms.names) {
      const rows = await this.prefixed(DossierRequest, 'applicantLastNameKey', lastName).orderBy('e.applicantLastNameKey', 'DESC').addOrderBy('e.id', 'DESC').take(firstName ? 200 : RESULTS_PER_KIND).getMany();
      for (const r of rows) if (!firstName || nameKey(r.applicantFirstName).startsWith(firstName)) found.set(r.id, r);
    }
    return [...found.values()].sort((a, b) => b.id - a.id).slice(0, RESULTS_PER_KIND);
  }

  private async threads(terms: SearchTerms, accountIds: number[]): Promise<Thread[]> {
    const found = new Map<number, Thread>();
    const add = async (qb: SelectQueryBuilder<Thread>, order = 'e.id') => {
      for (const t of await qb.orderBy(order, 'DESC').take(RESULTS_PER_KIND).getMany()) found.set(t.id, t);
    };
    if (terms.reference?.startsWith('DM')) await add(this.prefixed(Thread, 'reference', terms.reference), 'e.reference');
    if (terms.email) await add(this.prefixed(Thread, 'email', terms.email), 'e.email');
    if (accountIds.length) await add(this.dataSource.getRepository(Thread).createQueryBuilder('e').where('e.accountId IN (:...accountIds)', { accountIds }));
    return [...found.values()].sort((a, b) => b.id - a.id).slice(0, RESULTS_PER_KIND);
  }
}
