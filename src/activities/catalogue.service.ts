import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { containsSql, equalsFoldedSql } from '../database/text-search.js';
import { countSeats } from '../registrations/seat-ledger.js';
import type { Activity } from './activity.entity.js';
import { toCatalogueItem } from './catalogue.mapper.js';
import { CATALOGUE_PAGE_SIZE, type CatalogueItem, type CataloguePage, type CatalogueQuery } from './dto/catalogue.dto.js';
import { normalizeCode } from './offering-input.js';
import { Offering } from './offering.entity.js';

type OfferingWithActivity = Offering & { activity: Activity };

/** The public catalogue (R1): offerings with their activity and their places counted at the clock's now. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A page of the offerings that match every filter given, by start date, activity and code. */
  async list(query: CatalogueQuery): Promise<CataloguePage> {
    const found = this.dataSource.getRepository(Offering).createQueryBuilder('o').innerJoinAndSelect('o.activity', 'a');
    if (query.category) found.andWhere(...equalsFoldedSql(this.dataSource, 'a.category', [query.category], 'category'));
    if (query.age !== undefined) found.andWhere('o.ageMin <= :age AND o.ageMax >= :age', { age: query.age });
    if (query.q) found.andWhere(...containsSql(this.dataSource, ['a.name', 'o.groupName', 'o.site', 'o.code'], query.q, 'q'));
    const [offerings, total] = await found
      .orderBy('o.startsOn', 'ASC')
      .addOrderBy('a.name', 'ASC')
      .addOrderBy('o.code', 'ASC')
      .offset((query.page - 1) * CATALOGUE_PAGE_SIZE)
      .limit(CATALOGUE_PAGE_SIZE)
      .getManyAndCount();
    return { items: await this.items(offerings as OfferingWithActivity[]), page: query.page, pageSize: CATALOGUE_PAGE_SIZE, total };
  }

  /** One offering by its code (any case); 404 `offering_not_found`. */
  async get(rawCode: string): Promise<CatalogueItem> {
    const code = normalizeCode(rawCode);
    const offering = code ? await this.dataSource.getRepository(Offering).findOne({ where: { code }, relations: { activity: true } }) : null;
    if (!offering) throw new DomainError('offering_not_found');
    const [item] = await this.items([offering as OfferingWithActivity]);
    return item;
  }

  /** The items of offerings, their seats counted in one batch of queries at one instant. */
  private async items(offerings: OfferingWithActivity[]): Promise<CatalogueItem[]> {
    const now = this.clock.now();
    const seats = await countSeats(this.dataSource.manager, offerings.map((offering) => offering.id), now);
    return offerings.map((offering) => toCatalogueItem(offering, seats.get(offering.id)!, now, (instant) => this.clock.iso(instant)));
  }
}
