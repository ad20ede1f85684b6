import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../src/common/project-root.js';

/** The compiled service and commands (`npm run build`; `npm run test:faults` builds first). */
export const DIST = join(projectRoot(), 'dist', 'src');
export const hasBuild = existsSync(join(DIST, 'main.js'));

export interface ChildRun {
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no shutdown hook runs; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * A compiled script of the project run in a process of its own (`node dist/src/<script>`), with
 * exactly the environment given (plus PATH and HOME), its output appended to `logFile`.
 */
export function runCompiled(script: string, args: string[], env: Record<string, string>, logFile: string): ChildRun {
  if (!hasBuild) throw new Error(`${DIST} is missing: run npm run build (npm run test:faults does)`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(DIST, script), ...args], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface ServiceProcess extends ChildRun {
  /** `http://127.0.0.1:<PORT>`. */
  readonly base: string;
}

/**
 * The service as `npm start` runs it (`node dist/src/main.js`), on `env.PORT`: resolves once
 * /health/ready answers 200; throws with its output if it exits or does not get ready in time.
 */
export async function startServiceProcess(env: Record<string, string>, logFile: string, timeoutMs = 90_000): Promise<ServiceProcess> {
  const run = runCompiled('main.js', [], env, logFile);
  const base = `http://127.0.0.1:${env.PORT}`;
  let ended = false;
  void run.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ended) {
    const ready = await fetch(`${base}/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { ...run, base };
    await sleep(200);
  }
  await run.kill();
  throw new Error(`The service did not get ready on ${base}:\n${run.output().slice(-3000)}`);
}
