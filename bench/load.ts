import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A keep-alive HTTP/1.1 client for one server, at most `sockets` connections; a request with no answer after `timeoutMs` (0: never) fails. */
export class Client {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    sockets: number,
    private readonly timeoutMs = 0,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /**
   * A string body is sent as is (with the caller's content-type), anything else as JSON. A request
   * whose kept-alive connection the server had just closed is sent once more on a new one, as
   * browsers do (Node's documentation: `request.reusedSocket`).
   */
  async send(method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: unknown): Promise<Reply> {
    try {
      return await this.sendOnce(method, path, headers, body);
    } catch (error) {
      if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return this.sendOnce(method, path, headers, body);
      throw error;
    }
  }

  private sendOnce(method: string, path: string, headers: OutgoingHttpHeaders, body: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const allHeaders: OutgoingHttpHeaders = { accept: 'application/json', ...headers };
    if (payload !== undefined) {
      allHeaders['content-type'] ??= 'application/json';
      allHeaders['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers: allHeaders, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      if (this.timeoutMs) req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer after ${this.timeoutMs} ms`)));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Throws unless the reply has the expected status; the error text is what the report shows. */
export function expectStatus(reply: Reply, expected: number): Reply {
  if (reply.status !== expected) throw new Error(`expected ${expected}, got ${reply.status}: ${reply.body.slice(0, 200)}`);
  return reply;
}

/** What a run of operations gave; samples of one measure taken at different times add up with `merge`. */
export interface Sample {
  ok: number;
  errors: number;
  seconds: number;
  /** Milliseconds per successful operation. */
  latencies: number[];
  /** The first failure, to tell what went wrong without a log. */
  firstError: string | null;
}

export interface Summary {
  ok: number;
  errors: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  firstError: string | null;
}

/**
 * Runs `op` from `concurrency` loops for `durationMs`; each loop starts its next operation when
 * the previous one ends (closed loop). `op` throws when the outcome is not the expected one.
 * The elapsed time includes the operations still in flight at the deadline.
 */
export async function runLoad(durationMs: number, concurrency: number, op: () => Promise<void>): Promise<Sample> {
  const sample: Sample = { ok: 0, errors: 0, seconds: 0, latencies: [], firstError: null };
  const started = performance.now();
  const deadline = started + durationMs;

  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await op();
        sample.latencies.push(performance.now() - t0);
        sample.ok++;
      } catch (error) {
        sample.errors++;
        sample.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  sample.seconds = (performance.now() - started) / 1000;
  return sample;
}

export function merge(samples: Sample[]): Sample {
  return {
    ok: samples.reduce((sum, s) => sum + s.ok, 0),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    seconds: samples.reduce((sum, s) => sum + s.seconds, 0),
    latencies: samples.flatMap((s) => s.latencies),
    firstError: samples.find((s) => s.firstError !== null)?.firstError ?? null,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Only successful operations count toward ops/s. */
export function summarize(sample: Sample): Summary {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    ok: sample.ok,
    errors: sample.errors,
    opsPerSecond: sample.seconds > 0 ? sample.ok / sample.seconds : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    firstError: sample.firstError,
  };
}

/** CPU time of the whole machine in ms, from /proc/stat (Linux, USER_HZ = 100; null elsewhere). Steal counts as busy. */
export function machineCpu(): { busyMs: number; totalMs: number } | null {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = ticks[3] + ticks[4];
    return { busyMs: (total - idle) * 10, totalMs: total * 10 };
  } catch {
    return null;
  }
}

/**
 * How much of the machine's CPU other processes took while this one measured: on 2 cores, a test
 * run next door halves the figures, and the ratios only survive it partly.
 */
export function contention(before: ReturnType<typeof machineCpu>, ownBefore: NodeJS.CpuUsage): string {
  const after = machineCpu();
  if (!before || !after) return 'CPU used by other processes: unknown (no /proc/stat)';
  const own = process.cpuUsage(ownBefore);
  const ownMs = (own.user + own.system) / 1000;
  const totalMs = after.totalMs - before.totalMs;
  const othersMs = Math.max(0, after.busyMs - before.busyMs - ownMs);
  return `CPU of the machine during the run: ${((100 * ownMs) / totalMs).toFixed(0)} % this process, ${((100 * othersMs) / totalMs).toFixed(0)} % others (the database server included)`;
}
