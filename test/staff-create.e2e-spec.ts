import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, runCreateStaffCommand } from '../src/staff/create-staff-command.js';
import { Staff } from '../src/staff/staff.entity.js';
import { startApp, uniqueEmail, type TestApp } from './support/app.js';
import { loggedInStaff, mountWhoami } from './support/staff.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

/** `npm run staff:create` against the test app's database (DATABASE_URL, or its SQLite file). */
describe('npm run staff:create', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({}, { mount: mountWhoami });
  });
  afterAll(() => t.close());

  const run = async (args: string[], stdin: NodeJS.ReadableStream) => {
    const stdout = capture();
    const stderr = capture();
    const code = await runCreateStaffCommand(args, { env: { ...process.env, DATA_DIR: t.config.dataDir }, stdin, stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  it('creates a staff member with a password read from stdin, who can then log in', async () => {
    const email = uniqueEmail('prepose');
    const result = await run(['--email', email.toUpperCase(), '--name', 'Léa Tremblay', '--role', 'clerk', '--password-stdin'], Readable.from(['Soleil-du-matin-42\n']));
    expect(result).toMatchObject({ code: EXIT_OK });
    expect(result.stdout).toContain(`Compte du personnel créé : ${email} (clerk)`);
    const row = await t.dataSource.getRepository(Staff).findOneByOrFail({ email });
    expect(row).toMatchObject({ displayName: 'Léa Tremblay', role: 'clerk', active: true, locale: 'fr' });
    await loggedInStaff(t, { email, password: 'Soleil-du-matin-42' });

    const again = await run(['--email', email, '--name', 'Autre', '--role', 'clerk', '--password-stdin'], Readable.from(['Soleil-du-matin-42\n']));
    expect(again.code).toBe(EXIT_REFUSED);
    expect(again.stderr).toContain('Un compte du personnel existe déjà avec cette adresse courriel.');
  });

  it('refuses a password the residents’ policy refuses, and bad arguments', async () => {
    const weak = await run(['--email', uniqueEmail('x'), '--name', 'X', '--role', 'supervisor', '--password-stdin'], Readable.from(['motdepasse\n']));
    expect(weak.code).toBe(EXIT_REFUSED);
    expect(weak.stderr).toMatch(/mot de passe/);
    const role = await run(['--email', uniqueEmail('x'), '--name', 'X', '--role', 'boss', '--password-stdin'], Readable.from(['']));
    expect(role.code).toBe(EXIT_USAGE);
    expect(role.stderr).toContain('Le rôle doit être clerk, supervisor, administrator.');
    const missing = await run(['--name', 'X'], Readable.from(['']));
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toContain('Il manque --email, --role.');
  });

  it('asks the password twice on a terminal, without echo', async () => {
    const email = uniqueEmail('admin');
    const terminal = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => terminal });
    const stderr = capture();
    const done = runCreateStaffCommand(['--email', email, '--name', 'Chef', '--role', 'administrator'], {
      env: { ...process.env, DATA_DIR: t.config.dataDir },
      stdin: terminal as unknown as NodeJS.ReadStream,
      stdout: capture().stream,
      stderr: stderr.stream,
    });
    // Typed ahead in one go, as a paste would be.
    terminal.write('Bureau-des-loisirs-7\rBureau-des-loisirs-7\r');
    expect(await done).toBe(EXIT_OK);
    expect(stderr.text()).toContain('Mot de passe : ');
    expect(stderr.text()).not.toContain('Bureau-des-loisirs-7');
    expect((await t.dataSource.getRepository(Staff).findOneByOrFail({ email })).role).toBe('administrator');
  });
});
