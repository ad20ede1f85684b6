import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withActions } from '../src/admin/locale/actions.js';
import { fr } from '../src/admin/locale/fr.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { Household } from '../src/dossiers/household.entity.js';
import { startApp, type TestApp } from './support/app.js';
import { asFamily, createOffering, linkedFamily, type LinkedFamily } from './support/registrations.js';
import { loginEveryRole } from './support/staff.js';

const FR = withActions(fr, 'fr') as { messages: Record<string, string> };
const HOUR = 3_600_000;

type Answer = { status: number; body: { notice?: { message: string; type: string }; record?: { errors?: Record<string, { message: string }>; params: Record<string, unknown> } } };

/** R2: a clerk treats a family as resident or not whatever its address, with a reason, through the panel's HTTP. */
describe('a clerk’s residency decision in the panel', () => {
  let t: TestApp;
  let cookies: Record<string, string>;
  let staffIds: Record<string, number>;

  beforeAll(async () => {
    t = await startApp({ STAFF_MFA: 'optional' });
    ({ cookies, staffIds } = await loginEveryRole(t));
  });
  afterAll(async () => t?.close());

  /** POSTs the household's `setResidency` as the panel's form does (multipart fields). */
  const decide = async (who: string, householdId: number, fields: Record<string, string>) => {
    const req = t.http().post(`/admin/api/resources/households/records/${householdId}/setResidency`).set('Cookie', cookies[who]!);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return (await req) as unknown as Answer;
  };
  const page = async (householdId: number) =>
    ((await t.http().get(`/admin/api/resources/households/records/${householdId}/show`).set('Cookie', cookies.clerk!).expect(200)).body as Answer['body']).record!.params;
  const lines = (householdId: number) => t.dataSource.getRepository(AuditEntry).find({ where: { resource: 'households', recordId: String(householdId), action: 'setResidency' }, order: { id: 'ASC' } });
  const hold = (family: LinkedFamily, code: string) => asFamily(t, family).post('/me/holds', { code, personIds: family.children });
  /** A family living in Québec City: not a resident of Baie-Comeau by its address. */
  const outsider = () => linkedFamily(t, ['2018-05-01'], { city: 'Québec' });

  it('gives the family’s next hold the resident price and opening, and back to the address’s rule', async () => {
    const family = await outsider();
    const now = t.clock.now().getTime();
    const open = await createOffering(t);
    // Open to residents for an hour, to non-residents in two days (outside any waiting room).
    const residentsOnly = await createOffering(t, { nonResidentsOpenAt: new Date(now + 48 * HOUR) });
    expect((await page(family.householdId)).residency).toBe('non_resident_address');

    const before = await hold(family, open.code);
    expect(before.status).toBe(201);
    expect(before.body.amount).toBe(12_750);
    await asFamily(t, family).delete(`/me/holds/${before.body.id}`).expect(204);
    expect((await hold(family, residentsOnly.code)).body).toMatchObject({ status: 409, code: 'not_open' });

    const res = await decide('clerk', family.householdId, { residency: 'resident', note: 'Propriétaire d’un chalet sur le territoire, taxes payées à la Ville' });
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(FR.messages[res.body.notice!.message]).toBe('La décision sur la résidence est enregistrée : elle s’applique aux prochaines inscriptions de la famille');
    expect(await page(family.householdId)).toMatchObject({ residency: 'resident_override', residentOverrideReason: 'Propriétaire d’un chalet sur le territoire, taxes payées à la Ville' });

    const after = await hold(family, open.code);
    expect(after.status).toBe(201);
    expect(after.body.amount).toBe(8_500);
    await asFamily(t, family).delete(`/me/holds/${after.body.id}`).expect(204);
    expect((await hold(family, residentsOnly.code)).status).toBe(201);

    const back = await decide('administrator', family.householdId, { residency: 'address', note: 'Chalet vendu' });
    expect(back.body.notice).toMatchObject({ type: 'success' });
    expect(await page(family.householdId)).toMatchObject({ residency: 'non_resident_address', residentOverrideReason: null });
    const other = await createOffering(t);
    expect((await hold(family, other.code)).body.amount).toBe(12_750);

    const audit = await lines(family.householdId);
    expect(audit.map((line) => ({ staffId: line.staffId, changes: line.changes, note: line.note }))).toEqual([
      {
        staffId: staffIds.clerk,
        changes: { residency: { before: 'address', after: 'resident' }, resident: { before: false, after: true } },
        note: 'Propriétaire d’un chalet sur le territoire, taxes payées à la Ville',
      },
      {
        staffId: staffIds.administrator,
        changes: { residency: { before: 'resident', after: 'address' }, resident: { before: true, after: false } },
        note: 'Chalet vendu',
      },
    ]);
  });

  it('refuses an empty reason with a French error on the reason, and changes nothing', async () => {
    const family = await outsider();
    for (const note of ['', '   ']) {
      const res = await decide('clerk', family.householdId, { residency: 'resident', note });
      expect(res.status).toBe(200);
      expect(res.body.notice?.type).toBe('error');
      expect(FR.messages[res.body.notice!.message]).toBe('Indiquez le motif de la décision : il est conservé dans l’historique. Rien n’a été changé');
      expect(res.body.record?.errors?.note?.message).toBe('Indiquez le motif de la décision : il est conservé dans l’historique. Rien n’a été changé');
    }
    const unknown = await decide('clerk', family.householdId, { residency: 'peut-être', note: 'Essai' });
    expect(unknown.body.record?.errors?.residency?.message).toBe('Choisissez : résidente, non résidente, ou selon la ville de l’adresse');
    expect(await t.dataSource.getRepository(Household).findOneByOrFail({ id: family.householdId })).toMatchObject({ residentOverride: null, residentOverrideReason: null });
    expect(await lines(family.householdId)).toEqual([]);
  });

  it('refuses a supervisor with 403: supervisors read the decision, they do not make it', async () => {
    const family = await outsider();
    expect((await decide('supervisor', family.householdId, { residency: 'resident', note: 'Essai' })).status).toBe(403);
    expect(await t.dataSource.getRepository(Household).findOneByOrFail({ id: family.householdId })).toMatchObject({ residentOverride: null });
    expect(await lines(family.householdId)).toEqual([]);
    // The page, with the family's residency, is theirs to read.
    const res = await t.http().get(`/admin/api/resources/households/records/${family.householdId}/show`).set('Cookie', cookies.supervisor!).expect(200);
    expect(res.body.record.params.residency).toBe('non_resident_address');
  });
});
