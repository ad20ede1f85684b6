import argon2 from 'argon2';
import { DomainError } from '../common/domain-error.js';
import { DEFAULT_THREAD_POOL_SIZE, WAITING_PER_THREAD } from '../config/app-config.js';
import { QueueFull, WorkQueue } from '../common/work-queue.js';

/** OWASP's argon2id parameters: 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordQueueConfig {
  /** argon2 operations handed to libuv's thread pool at once: its size (UV_THREADPOOL_SIZE). */
  concurrency: number;
  /** Operations waiting for one of those threads (PASSWORD_QUEUE_MAX); beyond, 503. */
  maxWaiting: number;
}

/**
 * Every argon2 operation of the process (sign-up, login, reset, the panel's) goes through one
 * bounded queue: on a registration night the requests beyond what the thread pool can hash wait
 * here, in a bounded line, or are told at once to come back (503 with Retry-After), instead of
 * piling up in the pool's own unbounded queue until clients time out. Until
 * `configurePasswordQueue` runs (the CLIs), the configuration's defaults for libuv's default pool.
 */
let queue = new WorkQueue(DEFAULT_THREAD_POOL_SIZE, DEFAULT_THREAD_POOL_SIZE * WAITING_PER_THREAD);

/** Sets the queue's bounds (at start-up, from the configuration; tests with a tiny queue). */
export function configurePasswordQueue({ concurrency, maxWaiting }: PasswordQueueConfig): void {
  if (queue.concurrency !== concurrency || queue.maxWaiting !== maxWaiting) queue = new WorkQueue(concurrency, maxWaiting);
}

/** How the routes that hash or verify a password document the answer of a full queue (`ApiProblems`). */
export const PASSWORD_QUEUE_FULL: [number, string] = [503, 'service_unavailable (Retry-After: more passwords to hash or verify than the server can take at this moment)'];

/** The queue of the moment (a test occupies its threads to watch requests wait). */
export function passwordQueue(): WorkQueue {
  return queue;
}

function unavailable(retryAfterSeconds: number): DomainError<'service_unavailable'> {
  return new DomainError('service_unavailable', 503, { retryAfterSeconds });
}

/**
 * Refuses a request at its door (503) while the queue is full, before it spends database writes
 * (the limiter's counters) on a hash it would not get. Requests let in may still be refused by
 * `hashPassword` / `verifyPassword` when others took the last places meanwhile.
 */
export function assertPasswordQueueRoom(): void {
  if (!queue.hasRoom) throw unavailable(queue.retryAfterSeconds);
}

/**
 * Runs an argon2 operation in its turn. A refusal becomes 503 `service_unavailable` with
 * Retry-After; a request whose client went away (its signal aborted) while it waited is dropped
 * unhashed, with the same 503 that nobody will read.
 */
async function inTurn<T>(operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await queue.run(operation, signal);
  } catch (error) {
    if (error instanceof QueueFull) throw unavailable(error.retryAfterSeconds);
    if (signal?.aborted && error === signal.reason) throw unavailable(1);
    throw error;
  }
}

export function hashPassword(password: string, signal?: AbortSignal): Promise<string> {
  return inTurn(() => argon2.hash(password, ARGON2_OPTIONS), signal);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; without a stored hash it verifies against a dummy one so that an unknown
 * address costs as much time as a wrong password (no account enumeration by timing). Both wait in
 * the same queue. The dummy hash is made once, outside the queue: it is the process's, not a request's.
 */
export async function verifyPassword(storedHash: string | null, password: string, signal?: AbortSignal): Promise<boolean> {
  dummyHash ??= argon2.hash('guichet-loisirs-timing-equaliser', ARGON2_OPTIONS);
  const hash = storedHash ?? (await dummyHash);
  let valid: boolean;
  try {
    valid = await inTurn(() => argon2.verify(hash, password), signal);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    return false;
  }
  return valid && storedHash !== null;
}
