import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';

const GALERA = '/usr/lib/galera/libgalera_smm.so';
/** `nobody`: the rsync daemon of a state transfer runs as that user and writes into the joiner's datadir. */
const NOBODY = 65534;

export interface GaleraNode {
  name: string;
  port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
}

export interface GaleraCluster {
  dir: string;
  nodes: GaleraNode[];
  /** `wsrep_local_cert_failures` and `wsrep_local_bf_aborts` of each node since it started. */
  conflicts(): Promise<Array<{ node: string; certFailures: number; bfAborts: number }>>;
  stop(): Promise<void>;
}

/** A port the OS has just handed out and released (Galera needs four per node, all distinct). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function status(port: number, variable: string): Promise<string | null> {
  try {
    const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2000 });
    try {
      const [rows] = await connection.query('SHOW GLOBAL STATUS LIKE ?', [variable]);
      return (rows as Array<{ Value: string }>)[0]?.Value ?? null;
    } finally {
      await connection.end();
    }
  } catch {
    return null;
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    const dead = exited();
    if (dead) throw new Error(`${what}: ${dead}`);
    await sleep(500);
  }
  throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
}

/**
 * Three MariaDB Galera nodes on this machine (Debian's galera-4), each on ports the OS hands out
 * and a datadir under a fresh temp folder: never the shared server on 3306. The first node is
 * bootstrapped (`--wsrep-new-cluster`); the others join empty and receive its state by rsync.
 * Ready when every node says Synced and the cluster size is 3.
 */
export async function startGaleraCluster(log: (line: string) => void): Promise<GaleraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-galera-'));
  chmodSync(dir, 0o755);
  const ports = await Promise.all(Array.from({ length: 12 }, freePort));
  const specs = [0, 1, 2].map((i) => ({
    name: `node${i + 1}`,
    home: join(dir, `node${i + 1}`),
    port: ports[i],
    gcomm: ports[3 + i],
    ist: ports[6 + i],
    sst: ports[9 + i],
  }));
  const children: ChildProcess[] = [];
  const exits = new Map<string, string>();
  const cluster: GaleraCluster = {
    dir,
    nodes: specs.map((s) => ({ name: s.name, port: s.port, url: (database = '') => `mysql://root@127.0.0.1:${s.port}/${database}` })),
    async conflicts() {
      return Promise.all(
        specs.map(async (s) => ({
          node: s.name,
          certFailures: Number((await status(s.port, 'wsrep_local_cert_failures')) ?? NaN),
          bfAborts: Number((await status(s.port, 'wsrep_local_bf_aborts')) ?? NaN),
        })),
      );
    },
    async stop() {
      const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
      for (const child of running) child.kill('SIGTERM');
      const deadline = Date.now() + 30_000;
      while (running.some((child) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) await sleep(200);
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const addresses = specs.map((s) => `127.0.0.1:${s.gcomm}`).join(',');
  for (const [i, s] of specs.entries()) {
    mkdirSync(join(s.home, 'data'), { recursive: true });
    chmodSync(s.home, 0o755);
    if (i > 0) chownSync(join(s.home, 'data'), NOBODY, NOBODY);
    writeFileSync(
      join(s.home, 'my.cnf'),
      [
        '[mysqld]',
        'user=root',
        `datadir=${join(s.home, 'data')}`,
        `port=${s.port}`,
        'bind-address=127.0.0.1',
        `socket=${join(s.home, 'mysqld.sock')}`,
        `pid-file=${join(s.home, 'mysqld.pid')}`,
        `log-error=${join(s.home, 'error.log')}`,
        'character-set-server=utf8mb4',
        'collation-server=utf8mb4_unicode_ci',
        // Small and relaxed: three servers share two cores with the service and its load.
        'innodb_buffer_pool_size=64M',
        'innodb_log_file_size=32M',
        'innodb_flush_log_at_trx_commit=2',
        'performance_schema=OFF',
        'binlog_format=ROW',
        'innodb_autoinc_lock_mode=2',
        'wsrep_on=ON',
        `wsrep_provider=${GALERA}`,
        'wsrep_cluster_name=guichet_bench',
        `wsrep_cluster_address=gcomm://${addresses}`,
        `wsrep_node_name=${s.name}`,
        `wsrep_node_address=127.0.0.1:${s.gcomm}`,
        `wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:${s.gcomm};ist.recv_addr=127.0.0.1:${s.ist};gcache.size=64M`,
        'wsrep_sst_method=rsync',
        `wsrep_sst_receive_address=127.0.0.1:${s.sst}`,
        '',
      ].join('\n'),
    );
  }
  const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(specs[0].home, 'data')}`, '--user=root', '--auth-root-authentication-method=normal'], { encoding: 'utf8' });
  if (install.status !== 0) {
    await cluster.stop();
    throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
  }
  const start = (s: (typeof specs)[number], first: boolean) => {
    const out = openSync(join(s.home, 'stdout.log'), 'a');
    const args = [`--defaults-file=${join(s.home, 'my.cnf')}`, ...(first ? ['--wsrep-new-cluster'] : [])];
    const child = spawn('mariadbd', args, { stdio: ['ignore', out, out] });
    child.on('exit', (code, signal) => exits.set(s.name, `mariadbd exited (${signal ?? code}): see ${join(s.home, 'error.log')}`));
    children.push(child);
    return () => exits.get(s.name) ?? null;
  };
  const synced = async (s: (typeof specs)[number]) => (await status(s.port, 'wsrep_local_state_comment')) === 'Synced';
  try {
    const began = Date.now();
    for (const [i, s] of specs.entries()) {
      const exited = start(s, i === 0);
      await waitFor(`${s.name} never reached Synced`, 120_000, () => synced(s), exited);
      log(`  ${s.name} synced on port ${s.port} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    }
    await waitFor('the cluster never reached 3 nodes', 30_000, async () => (await status(specs[0].port, 'wsrep_cluster_size')) === '3', () => null);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
