// The machine's argon2id ceiling, for the surge benchmark (bench/surge.ts): bare hashes or
// verifications with the service's parameters, no HTTP, no database, in a process of its own started
// with the service's UV_THREADPOOL_SIZE. `node dist/bench/argon2-ceiling.js hash|verify SECONDS IN_FLIGHT`
// prints one line of JSON: { op, ok, seconds, opsPerSecond, p50Ms, cpuMsPerOp, threadPool }.
import argon2 from 'argon2';
import { ARGON2_OPTIONS } from '../src/security/password-hasher.js';
import { runLoad, summarize } from './load.js';

const PASSWORD = 'Soleil-d-hiver-27';
/** Unmeasured: the first hashes allocate the pool's threads and their memory. */
const WARMUP_MS = 1_000;

const [op, seconds, inFlight] = [process.argv[2], Number(process.argv[3] ?? 8), Number(process.argv[4] ?? 16)];
if ((op !== 'hash' && op !== 'verify') || !(seconds > 0) || !(inFlight > 0)) {
  console.error('usage: argon2-ceiling.js hash|verify SECONDS IN_FLIGHT');
  process.exit(2);
}

const stored = await argon2.hash(PASSWORD, ARGON2_OPTIONS);
const work =
  op === 'hash'
    ? async () => {
        if (!(await argon2.hash(PASSWORD, ARGON2_OPTIONS)).startsWith('$argon2id$')) throw new Error('not an argon2id hash');
      }
    : async () => {
        if (!(await argon2.verify(stored, PASSWORD))) throw new Error('argon2.verify answered false');
      };
await runLoad(WARMUP_MS, inFlight, work);
const cpuBefore = process.cpuUsage();
const sample = await runLoad(seconds * 1000, inFlight, work);
const cpu = process.cpuUsage(cpuBefore);
const summary = summarize(sample);
if (summary.errors) throw new Error(summary.firstError ?? 'argon2 failed');
process.stdout.write(
  `${JSON.stringify({ op, ok: summary.ok, seconds: sample.seconds, opsPerSecond: summary.opsPerSecond, p50Ms: summary.p50Ms, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / summary.ok, threadPool: process.env.UV_THREADPOOL_SIZE ?? '4' })}\n`,
);
