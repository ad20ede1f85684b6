import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Staff } from './staff.entity.js';

/** The display names of staff members, in one query (a page of a list, a record's history). */
export async function staffNames(dataSource: DataSource, ids: Iterable<number | null | undefined>): Promise<Map<number, string>> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const staff = await dataSource.getRepository(Staff).find({ where: { id: In(wanted) }, select: { id: true, displayName: true } });
  return new Map(staff.map((s) => [s.id, s.displayName]));
}
