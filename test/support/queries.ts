import type { TestApp } from './app.js';

/**
 * How many queries `work` runs that read these tables (a list's own reads: background jobs never
 * touch them), seen through the data source's logger, which every query of both drivers passes.
 */
export async function readsOf(t: TestApp, tables: string[], work: () => Promise<unknown>): Promise<number> {
  const logger = t.dataSource.logger;
  const table = new RegExp(`\\bFROM [\`"]?(${tables.join('|')})[\`"]?`, 'i');
  let count = 0;
  const counting = Object.assign(Object.create(logger) as typeof logger, {
    logQuery: (query: string, ...rest: unknown[]) => {
      if (table.test(query)) count += 1;
      return (logger.logQuery as (...args: unknown[]) => unknown).call(logger, query, ...rest);
    },
  });
  Object.defineProperty(t.dataSource, 'logger', { value: counting, configurable: true, writable: true });
  try {
    await work();
  } finally {
    Object.defineProperty(t.dataSource, 'logger', { value: logger, configurable: true, writable: true });
  }
  return count;
}
