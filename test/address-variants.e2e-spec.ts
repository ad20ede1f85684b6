import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { In } from 'typeorm';
import { Account } from '../src/accounts/account.entity.js';
import { LIMITS } from '../src/security/throttle.service.js';
import { canonicalEmail } from '../src/common/email-address.js';
import { startApp, uniqueIp, type TestApp } from './support/app.js';
import { spellingsOf } from './support/email-variants.js';
import { confirmedResident, signupBody } from './support/residents.js';
import { mountWhoami, newStaff, postLogin } from './support/staff.js';

const WRONG = 'Pas-le-bon-mot-2';

/** How a login through a spelling ended: signed in as which account, refused (401), or throttled (429). */
type Outcome = { signedInAs: number } | 'refused' | 'throttled';

/**
 * Issue 15, finding 1. MariaDB's utf8mb4_unicode_ci found the account under other spellings of its
 * address (accented, invisible characters, full-width letters) while the failures were counted under
 * the typed string: each spelling had 5 fresh attempts. Now every spelling whose canonical form is the
 * address is that address (one count, per account); an accented one finds no account at all, and its
 * failures count against the account it spells (past the limit it is refused with 429 as well).
 */
describe('other spellings of an address (issue 15, finding 1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({}, { mount: mountWhoami });
  });
  afterAll(() => t.close());

  const doors = {
    'staff login': {
      points: LIMITS.staffLoginFailuresPerAccount.points,
      member: async () => newStaff(t, 'clerk'),
      async login(email: string, password: string): Promise<Outcome> {
        const { res, cookie } = await postLogin(t, email, password);
        if (res.status === 429) return 'throttled';
        if (res.status === 401) return 'refused';
        expect([res.status, res.headers.location]).toEqual([303, '/admin']);
        const whoami = await t.http().get('/admin/whoami').set('Cookie', cookie!).expect(200);
        return { signedInAs: whoami.body.id };
      },
    },
    'resident login': {
      points: LIMITS.loginFailuresPerAccount.points,
      async member() {
        const resident = await confirmedResident(t);
        return { ...resident, id: (await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email })).id };
      },
      async login(email: string, password: string): Promise<Outcome> {
        const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', uniqueIp()).send({ email, password });
        if (res.status === 429) return 'throttled';
        if (res.status === 401) return 'refused';
        expect(res.status).toBe(200);
        const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
        return { signedInAs: me.body.id };
      },
    },
  };

  describe.each(Object.entries(doors))('%s', (_door, door) => {
    it('signs in under the canonical spellings of the address only: another spelling finds no account, even with the right password', async () => {
      const member = await door.member();
      const { canonical, other } = spellingsOf(member.email);
      for (const [name, spelling] of Object.entries(other)) expect([name, await door.login(spelling, member.password)]).toEqual([name, 'refused']);
      for (const [name, spelling] of Object.entries(canonical)) expect([name, await door.login(spelling, member.password)]).toEqual([name, { signedInAs: member.id }]);
    });

    it('counts wrong passwords through mixed spellings against the one account: past the limit every spelling gets 429, none signs in', async () => {
      const member = await door.member();
      const { canonical, other } = spellingsOf(member.email);
      // Accented spellings among them: they sign in to nothing, but they count against the account they spell.
      const spellings = [member.email, ...Object.values(other), ...Object.values(canonical)];
      for (const spelling of spellings.slice(0, door.points)) expect(await door.login(spelling, WRONG)).toBe('refused');
      for (const [name, spelling] of Object.entries({ address: member.email, ...canonical, ...other })) {
        expect([name, await door.login(spelling, member.password)]).toEqual([name, 'throttled']);
      }
    });

    it('after the limit is reached on the address itself, refuses every spelling with 429', async () => {
      const member = await door.member();
      const { canonical, other } = spellingsOf(member.email);
      for (let i = 0; i < door.points; i++) expect(await door.login(member.email, WRONG)).toBe('refused');
      for (const [name, spelling] of Object.entries(canonical)) expect([name, await door.login(spelling, member.password)]).toEqual([name, 'throttled']);
      for (const [name, spelling] of Object.entries(other)) expect([name, await door.login(spelling, member.password)]).toEqual([name, 'throttled']);
    });
  });

  it('sends no more emails to one address than its cap, whatever spellings the reset and resend requests use', async () => {
    const resident = await confirmedResident(t);
    const { canonical, other } = spellingsOf(resident.email);
    const statuses: Array<[string, number]> = [];
    for (const [i, [name, email]] of [...Object.entries(canonical), ...Object.entries(other)].entries()) {
      const path = i % 2 ? '/api/v1/auth/resend-verification' : '/api/v1/auth/password/forgot';
      statuses.push([name, (await t.http().post(path).set('X-Forwarded-For', uniqueIp()).send({ email })).status]);
    }
    // The confirmation link counted too: the cap is for every email to the address.
    expect((await t.mailbox.for(resident.email)).length).toBe(LIMITS.emailsPerAddress.points);
    // The canonical spellings are the address (202 whatever happens); the accented ones are not addresses the service takes.
    expect(statuses).toEqual([...Object.keys(canonical).map((name) => [name, 202]), ...Object.keys(other).map((name) => [name, 400])]);
  });

  it('takes a sign-up under another spelling of a known address for that address: no second account, the usual answer', async () => {
    const resident = await confirmedResident(t);
    const before = (await t.dataSource.getRepository(Account).findOneByOrFail({ email: resident.email })).id;
    const { canonical, other } = spellingsOf(resident.email);
    const answers: Array<[string, number, unknown]> = [];
    for (const [name, email] of [...Object.entries(canonical), ...Object.entries(other)]) {
      const res = await t.http().post('/api/v1/auth/signup').set('X-Forwarded-For', uniqueIp()).send(signupBody(email, { firstName: 'Autre' }));
      answers.push([name, res.status, res.body.errors]);
    }
    // Whatever the address was stored as (raw, trimmed and lower-cased, canonical), only the first account holds it.
    const stored = [...Object.values(canonical), ...Object.values(other)].flatMap((email) => [email, email.trim().toLowerCase(), canonicalEmail(email)]);
    expect((await t.dataSource.getRepository(Account).findBy({ email: In(stored) })).map((row) => row.id)).toEqual([before]);
    expect((await t.dataSource.getRepository(Account).findOneByOrFail({ id: before })).firstName).toBe('Camille');
    // What reached the address: the confirmation, then « someone signed up with your address », within the cap.
    expect((await t.mailbox.for(resident.email)).length).toBe(LIMITS.emailsPerAddress.points);
    // The canonical spellings get sign-up's usual 202; an accented address is refused as invalid: no account is ever given to one.
    const invalid = [{ field: 'email', code: 'email_invalid', message: expect.any(String) }];
    expect(answers).toEqual([...Object.keys(canonical).map((name) => [name, 202, undefined]), ...Object.keys(other).map((name) => [name, 400, invalid])]);
  });
});
