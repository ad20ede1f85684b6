import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** The MySQL/MariaDB server of this run, if any (DATABASE_URL=mysql://…). */
export const MYSQL_URL = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : null;

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database of its own on the run's server, named after the run's database
 * (`<db>_<random>`), for tests that must start from nothing. Drop it when done.
 */
export async function freshMysqlDatabase(serverUrl: string): Promise<FreshDatabase> {
  const url = new URL(serverUrl);
  const name = `${decodeURIComponent(url.pathname.slice(1))}_${randomBytes(4).toString('hex')}`;
  if (name.length > 64) throw new Error(`The test database name ${name} is longer than MySQL's 64 characters: shorten DATABASE_URL's`);
  const run = async (sql: string) => {
    const connection = await createConnection(serverUrl);
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``) };
}
