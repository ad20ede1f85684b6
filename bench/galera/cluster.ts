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

interface NodeSpec {
  name: string;
  home: string;
  port: number;
  gcomm: number;
  ist: number;
  sst: number;
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

/**
 * Three MariaDB Galera nodes on this machine (Debian's galera-4), each on ports the OS hands out
 * and a datadir under a fresh temp folder: never the shared server on 3306. The first node is
 * bootstrapped (`--wsrep-new-cluster`); the others join empty and receive its state by rsync.
 * Ready when every node says Synced and the cluster size is 3. `stop` may be called at any time,
 * also while it starts (Ctrl-C).
 */
export class GaleraCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'guichet-galera-'));
  nodes: GaleraNode[] = [];
  private specs: NodeSpec[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly exits = new Map<string, string>();
  private stopped = false;

  constructor(private readonly log: (line: string) => void) {}

  async start(): Promise<void> {
    chmodSync(this.dir, 0o755);
    const ports = await Promise.all(Array.from({ length: 12 }, freePort));
    this.specs = [0, 1, 2].map((i) => ({ name: `node${i + 1}`, home: join(this.dir, `node${i + 1}`), port: ports[i], gcomm: ports[3 + i], ist: ports[6 + i], sst: ports[9 + i] }));
    this.nodes = this.specs.map((s) => ({ name: s.name, port: s.port, url: (database = '') => `mysql://root@127.0.0.1:${s.port}/${database}` }));
    for (const [i, s] of this.specs.entries()) this.configure(s, i > 0);
    const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(this.specs[0].home, 'data')}`, '--user=root', '--auth-root-authentication-method=normal'], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
    const began = Date.now();
    for (const [i, s] of this.specs.entries()) {
      this.launch(s, i === 0);
      await this.waitFor(`${s.name} never reached Synced`, 120_000, s.name, async () => (await status(s.port, 'wsrep_local_state_comment')) === 'Synced');
      this.log(`  ${s.name} synced on port ${s.port} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    }
    await this.waitFor('the cluster never reached 3 nodes', 30_000, null, async () => (await status(this.specs[0].port, 'wsrep_cluster_size')) === '3');
  }

  /** `wsrep_local_cert_failures` and `wsrep_local_bf_aborts` of each node since it started. */
  conflicts(): Promise<Array<{ node: string; certFailures: number; bfAborts: number }>> {
    return Promise.all(
      this.specs.map(async (s) => ({
        node: s.name,
        certFailures: Number((await status(s.port, 'wsrep_local_cert_failures')) ?? NaN),
        bfAborts: Number((await status(s.port, 'wsrep_local_bf_aborts')) ?? NaN),
      })),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = this.children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    // The data is thrown away: a node still receiving its state (which ignores SIGTERM) is killed after 10 s.
    const deadline = Date.now() + 10_000;
    while (running.some((child) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) await sleep(200);
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private configure(s: NodeSpec, joiner: boolean): void {
    mkdirSync(join(s.home, 'data'), { recursive: true });
    chmodSync(s.home, 0o755);
    if (joiner) chownSync(join(s.home, 'data'), NOBODY, NOBODY);
    const addresses = this.specs.map((other) => `127.0.0.1:${other.gcomm}`).join(',');
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

  private launch(s: NodeSpec, bootstrap: boolean): void {
    if (this.stopped) throw new Error('the cluster was stopped while it started');
    const out = openSync(join(s.home, 'stdout.log'), 'a');
    const child = spawn('mariadbd', [`--defaults-file=${join(s.home, 'my.cnf')}`, ...(bootstrap ? ['--wsrep-new-cluster'] : [])], { stdio: ['ignore', out, out] });
    child.on('exit', (code, signal) => this.exits.set(s.name, `mariadbd exited (${signal ?? code}): see ${join(s.home, 'error.log')}`));
    this.children.push(child);
  }

  private async waitFor(what: string, timeoutMs: number, node: string | null, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.stopped) {
      if (await check()) return;
      const exited = node && this.exits.get(node);
      if (exited) throw new Error(`${what}: ${exited}`);
      await sleep(500);
    }
    throw new Error(this.stopped ? 'the cluster was stopped while it started' : `${what}: not after ${timeoutMs / 1000} s`);
  }
}
