import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports.js';

/** Debian's MariaDB server and its installer (`mariadb-server`): the fault tests need both. */
export const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
export const hasMariaDbServer = existsSync(MARIADBD) && existsSync(INSTALL_DB);

export interface PrivateMariaDb {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>`: root with an empty password, over TCP. */
  url(database: string): string;
  /** Creates an empty utf8mb4 database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs one statement on a connection of its own (none is kept open across a kill). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** Whether the server answers right now. */
  answers(): Promise<boolean>;
  /** SIGKILL: no shutdown, open transactions die with the process; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same data directory and port (InnoDB recovers); resolves once it answers. */
  start(): Promise<void>;
  /** A clean shutdown, then the data directory is removed. */
  destroy(): Promise<void>;
}

/**
 * A MariaDB server of its own for a test file: a data directory in a temp folder initialised by
 * `mariadb-install-db --no-defaults`, `mariadbd --no-defaults` on 127.0.0.1 and a free port, its own
 * socket and pid file, root with an empty password over TCP. The shared server on 3306, its
 * configuration and its data are never read nor touched; a test may kill this one at will.
 */
export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-mariadb-'));
  const datadir = join(dir, 'data');
  const install = spawnSync(INSTALL_DB, ['--no-defaults', '--auth-root-authentication-method=normal', `--datadir=${datadir}`, '--user=root', '--skip-test-db'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (${install.status}): ${install.stderr || install.stdout}`);
  const port = await freePort();
  const log = join(dir, 'mariadbd.log');
  const args = [
    '--no-defaults',
    '--user=root',
    `--datadir=${datadir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 'mariadbd.sock')}`,
    `--pid-file=${join(dir, 'mariadbd.pid')}`,
    `--log-error=${log}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--innodb-buffer-pool-size=64M',
    '--innodb-log-file-size=16M',
    '--performance-schema=OFF',
    '--max-connections=300',
  ];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const url = (database: string) => `mysql://root@127.0.0.1:${port}/${database}`;

  const answers = async () => {
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2000 });
      await connection.query('SELECT 1');
      await connection.end();
      return true;
    } catch {
      return false;
    }
  };

  const start = async () => {
    if (child) throw new Error('The private MariaDB server is already running');
    const out = openSync(log, 'a');
    const proc = spawn(MARIADBD, args, { stdio: ['ignore', out, out] });
    closeSync(out);
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    void exited.then(() => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (await answers()) return;
      if (!child) break;
      await sleep(100);
    }
    throw new Error(`The private MariaDB server did not answer on port ${port}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
  };

  const stopWith = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    proc.kill(signal);
    await exited;
    child = null;
  };

  async function query<T>(sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
    const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', database, connectTimeout: 5000, timezone: 'Z' });
    try {
      const [rows] = await connection.query(sql, params);
      return rows as T[];
    } finally {
      await connection.end().catch(() => undefined);
    }
  }

  await start();
  return {
    port,
    url,
    async createDatabase(name) {
      await query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      return url(name);
    },
    query,
    answers,
    kill: () => stopWith('SIGKILL'),
    start,
    async destroy() {
      await stopWith('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
