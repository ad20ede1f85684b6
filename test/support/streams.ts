import { Writable } from 'node:stream';

/** A stream that keeps what is written to it (a command's stdout or stderr), as text. */
export function collector(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** Runs a command's function (`runImportCommand`…) as its CLI would, with the app's data folder: its exit code and what it wrote. */
export async function runCommand(
  command: (argv: string[], io: { env: Record<string, string | undefined>; stdout: Writable; stderr: Writable }) => Promise<number>,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const code = await command(args, { env: { ...process.env, ...env }, stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
