import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports.js';

/** Debian's Dovecot (`apt-get install dovecot-imapd`; .ci/run installs it): the IMAP tests are skipped, and say so, where it is absent. */
export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = existsSync(DOVECOT);

export const IMAP_USER = 'inscriptions@ville.test';
const IMAP_PASSWORD = 'boite-des-inscriptions';

export interface Dovecot {
  /** IMAP_URL for the app: imap://user:password@127.0.0.1:port/INBOX. */
  url: string;
  /** Puts a message into INBOX with IMAP APPEND, as a mail client would. */
  append(raw: string | Buffer): Promise<void>;
  /** The INBOX's messages by Message-ID (or subject when none), with whether they are \Seen. */
  flags(): Promise<Array<{ key: string; seen: boolean; flagged: boolean }>>;
  stop(): Promise<void>;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Who dovecot runs its processes as: it refuses uid 0 for logins and mail access, so as root the
 * package's own `dovecot` and `dovenull` users (the temp folder is given to `dovecot`); otherwise
 * everything runs as the current user, which dovecot accepts for an unprivileged instance.
 */
function identities(): { internal: string; login: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { internal: me.username, login: me.username, uid: me.uid, gid: me.gid };
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  const find = (name: string) => passwd.find((fields) => fields[0] === name);
  const internal = find('dovecot') ?? find('nobody');
  const login = find('dovenull') ?? internal;
  if (!internal || !login) throw new Error('Neither a dovecot nor a nobody user exists to run dovecot as');
  return { internal: internal[0], login: login[0], uid: Number(internal[2]), gid: Number(internal[3]) };
}

/**
 * A private Dovecot for one test file: its own configuration, base dir and maildir in a temp
 * folder, one passwd-file user with a plain password, plaintext IMAP on 127.0.0.1 on a free port,
 * run in the foreground (`dovecot -F -c <conf>`) and killed by `stop()`. The system's dovecot and its
 * configuration are never read nor touched.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-dovecot-'));
  const who = identities();
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub), { mode: 0o755 });
  chownSync(join(dir, 'mail'), who.uid, who.gid);
  const port = await freePort();
  const conf = join(dir, 'dovecot.conf');
  const log = join(dir, 'dovecot.log');
  writeFileSync(join(dir, 'passwd'), `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}\n`);
  writeFileSync(
    conf,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
mail_location = maildir:${dir}/mail/%u
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(who.uid, 100)}
default_internal_user = ${who.internal}
default_login_user = ${who.login}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/mail/%u
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data) => (output += String(data)));
  child.stderr?.on('data', (data) => (output += String(data)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));
  const logged = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');

  // Ready when the greeting comes; dovecot's own errors (in its log) say why it never does.
  const deadline = Date.now() + 15_000;
  while (!(await answers(port))) {
    if (dead || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`dovecot did not start on 127.0.0.1:${port}:\n${output}${logged()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const client = async <T>(work: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: IMAP_USER, pass: IMAP_PASSWORD }, logger: false });
    await imap.connect();
    try {
      return await work(imap);
    } finally {
      await imap.logout().catch(() => imap.close());
    }
  };

  return {
    url: `imap://${encodeURIComponent(IMAP_USER)}:${encodeURIComponent(IMAP_PASSWORD)}@127.0.0.1:${port}/INBOX`,
    async append(raw) {
      await client((imap) => imap.append('INBOX', raw, []));
    },
    async flags() {
      return client(async (imap) => {
        const lock = await imap.getMailboxLock('INBOX', { readOnly: true });
        try {
          const found: Array<{ key: string; seen: boolean; flagged: boolean }> = [];
          const status = imap.mailbox;
          if (status && status.exists === 0) return found;
          for await (const message of imap.fetch('1:*', { envelope: true, flags: true })) {
            found.push({ key: message.envelope?.messageId ?? message.envelope?.subject ?? String(message.uid), seen: message.flags?.has('\\Seen') ?? false, flagged: message.flags?.has('\\Flagged') ?? false });
          }
          return found;
        } finally {
          lock.release();
        }
      });
    },
    async stop() {
      if (!dead) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
