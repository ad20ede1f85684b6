import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type Reply } from '../load.js';

/** A CLI of the service (`dist/…`), run to its end; throws with its output unless it exits 0. */
export async function runCli(script: string, args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}

/** One instance of the service as production runs it: `node dist/src/main.js`, a process of its own. */
export class ServiceInstance {
  private child: ChildProcess | null = null;
  private readonly client: Client;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {
    this.client = new Client(port, 64);
  }

  async start(): Promise<void> {
    const out = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, ['--max-semi-space-size=64', 'dist/src/main.js'], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', out, out],
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`instance ${this.name} exited ${this.child.exitCode}: see ${this.logFile}`);
      const ready = await this.client.send('GET', '/health/ready').catch(() => null);
      if (ready?.status === 200) return;
      await sleep(300);
    }
    throw new Error(`instance ${this.name} not ready after 90 s: see ${this.logFile}`);
  }

  send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
    return this.client.send(method, path, headers, body);
  }

  async stop(): Promise<void> {
    this.client.close();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const deadline = Date.now() + 15_000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(100);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
