import argon2 from 'argon2';
import { DomainError } from '../common/domain-error.js';
import { QueueFull, WorkQueue, type Ticket } from './work-queue.js';

/** OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordQueueConfig {
  /** argon2 operations handed to libuv's thread pool at once: its size (UV_THREADPOOL_SIZE). */
  concurrency: number;
  /** Requests admitted beyond those (PASSWORD_QUEUE_MAX); beyond, 503. */
  maxWaiting: number;
  /** And fewer when, at the pace argon2 runs, they would wait longer than this (PASSWORD_QUEUE_WAIT_MS). */
  maxWaitMs: number;
}

/** libuv's default thread pool size. */
export const DEFAULT_THREAD_POOL_SIZE = 4;
/**
 * Requests admitted per pool thread beyond the running ones, by default: on the project's 2-core VM,
 * with 4 threads, argon2id makes 60–80 operations a second, so 100 is about 1.5 s of work. The wait
 * bound is the one that holds on a slower or busier machine: the count is only a ceiling.
 */
export const WAITING_PER_THREAD = 25;
/**
 * The wait for argon2 allowed by default: with the hash itself and what the request does before and
 * after it on a busy event loop (up to about half a second measured in a surge of 500 logins at
 * once), an answer within 2 s.
 */
export const DEFAULT_MAX_WAIT_MS = 1_000;
export const DEFAULT_PASSWORD_QUEUE: PasswordQueueConfig = {
  concurrency: DEFAULT_THREAD_POOL_SIZE,
  maxWaiting: DEFAULT_THREAD_POOL_SIZE * WAITING_PER_THREAD,
  maxWaitMs: DEFAULT_MAX_WAIT_MS,
};

/**
 * Every argon2 operation of the process (sign-up, login, reset, the panel's) goes through one
 * bounded queue: on a registration night the requests beyond what the thread pool can hash in time
 * wait here, in a bounded line, or are told at once to come back (503 with Retry-After), instead of
 * piling up in the pool's own unbounded queue until clients time out. Until
 * `configurePasswordQueue` runs (the CLIs), the configuration's defaults for libuv's default pool.
 */
let queue = new WorkQueue(DEFAULT_PASSWORD_QUEUE);

/** Sets the queue's bounds (at start-up, from the configuration). */
export function configurePasswordQueue(config: PasswordQueueConfig): void {
  if (queue.concurrency !== config.concurrency || queue.maxWaiting !== config.maxWaiting || queue.maxWaitMs !== config.maxWaitMs) queue = new WorkQueue(config);
}

/** The queue of the moment (a test occupies its threads to watch requests wait). */
export function passwordQueue(): WorkQueue {
  return queue;
}

/** How the routes that hash or verify a password document the answer of a full queue (`ApiProblems`). */
export const PASSWORD_QUEUE_FULL: [number, string] = [503, 'service_unavailable, storage_full (Retry-After: more passwords to hash or verify than the server can take at this moment, or the database unavailable or its storage full)'];

function unavailable(retryAfterSeconds: number): DomainError<'service_unavailable'> {
  return new DomainError('service_unavailable', 503, { retryAfterSeconds });
}

/** Refuses (503 with Retry-After) while the queue is full: see PasswordQueueGuard. */
export function assertPasswordQueueRoom(): void {
  if (!queue.hasRoom) throw unavailable(queue.retryAfterSeconds);
}

/**
 * A request's place in the queue, taken at its door: while the queue is full the request is refused
 * there (503 with Retry-After), before it spends database writes (the limiter's counters) on a hash
 * it would not get in time. `gone` aborts when its client goes away: the hash is then never made.
 * The place is given back when `work` ends, whether it hashed or not.
 */
export async function withPasswordTurn<T>(gone: AbortSignal | undefined, work: (turn: Ticket) => Promise<T>): Promise<T> {
  const turn = queue.admit(gone);
  if (!turn) throw unavailable(queue.retryAfterSeconds);
  try {
    return await work(turn);
  } finally {
    turn.leave();
  }
}

/**
 * Runs an argon2 operation in its turn (one taken now when none is given); a client gone meanwhile
 * gets a 503 nobody reads, one whose turn came too late a 503 with Retry-After.
 */
async function inTurn<T>(operation: () => Promise<T>, turn: Ticket | undefined): Promise<T> {
  if (!turn) return withPasswordTurn(undefined, (taken) => inTurn(operation, taken));
  try {
    return await turn.run(operation);
  } catch (error) {
    if (turn.signal?.aborted && error === turn.signal.reason) throw unavailable(1);
    // Its turn came later than the queue's wait bound: come back, as if refused at the door.
    if (error instanceof QueueFull) throw unavailable(error.retryAfterSeconds);
    throw error;
  }
}

export function hashPassword(password: string, turn?: Ticket): Promise<string> {
  return inTurn(() => argon2.hash(password, ARGON2_OPTIONS), turn);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; without a stored hash it verifies against a dummy one so that an unknown
 * address costs as much time as a wrong password (no account enumeration by timing). Both wait in
 * the same queue. The dummy hash is made once, outside the queue: it is the process's, not a request's.
 */
export async function verifyPassword(storedHash: string | null, password: string, turn?: Ticket): Promise<boolean> {
  dummyHash ??= argon2.hash('guichet-loisirs-timing-equaliser', ARGON2_OPTIONS);
  const hash = storedHash ?? (await dummyHash);
  let valid: boolean;
  try {
    valid = await inTurn(() => argon2.verify(hash, password), turn);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    return false;
  }
  return valid && storedHash !== null;
}
