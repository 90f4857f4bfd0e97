/**
 * Moderation before publication (docs/security-moderation.md, docs/api-moderation.md), on both engines.
 *
 * 1. The automatic screen (app.moderation_screen): every pattern is held with its reason (personnummer and
 *    samordningsnummer with a valid Luhn digit, Swedish phone numbers, e-mail addresses, registration plates), and
 *    look-alikes pass (dates, prices, times, years, a wrong check digit, currency amounts).
 * 2. Anon and another resident never see held or hidden text or an unapproved photo through ANY function they can
 *    call: every function in schema api granted to anon or authenticated (from the catalog) is called with the
 *    held report's id wherever an argument names a report; the answers must not contain the text or the photo name.
 *    The reporter and staff see both, with the moderation state.
 * 3. approve / edit / hide: what each shows publicly, the history (who, when, action, before/after, reason), the
 *    reason in the reporter's my_reports; a change of the description is screened again.
 * 4. Only moderators and admins may moderate: everyone else gets `forbidden` (anon: not granted).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, errorOf, grantedApiFunctions, type Engine, type EngineName, type GrantedFunction, type Who } from '../engines';
import { ID, who } from '../security/area';

type Json = Record<string, unknown>;
const anon: Who = { role: 'anon' };
const other: Who = { role: 'authenticated', sub: ID.other };
const MODERATOR_ID = '30d00000-0000-4000-8000-000000000010';
const moderator: Who = { role: 'authenticated', sub: MODERATOR_ID };
const GAMLA_STADEN = { lon: 13.0038, lat: 55.605 };

/** [text, reasons] — held texts and look-alikes that must pass. */
const SCREEN: [string, string[]][] = [
  ['Han som bor här har personnummer 811218-9876', ['personal_number']],
  ['pnr 19811218-9876', ['personal_number']],
  ['198112189876 stod på lappen', ['personal_number']],
  ['8112189876', ['personal_number']],
  ['811218+9876 (över hundra år)', ['personal_number']],
  ['Samordningsnummer 811278-9873', ['personal_number']],
  ['Ring mig på 070-123 45 67', ['phone']],
  ['0701234567', ['phone']],
  ['tel +46 70 123 45 67', ['phone']],
  ['+46701234567', ['phone']],
  ['Butiken 040-12 34 56 vet', ['phone']],
  ['0046 40 12 34 56', ['phone']],
  ['08-123 456 78', ['phone']],
  ['Mejla anna.svensson@example.se om det', ['email']],
  ['Bilen ABC 123 står alltid här', ['plate']],
  ['Bilen ABC123 står alltid här', ['plate']],
  ['Lastbil XYZ 12A parkerar på trottoaren', ['plate']],
  ['Ring 070-123 45 67 eller anna@example.se, bilen ABC 123', ['phone', 'email', 'plate']],
  // Look-alikes that must pass.
  ['Sedan 2024-05-12 kl 08.30 är lampan trasig', []],
  ['Kostade 1 299 kr att laga förra gången', []],
  ['Pris 12 500:- för en ny lampa', []],
  ['Böter på 150 SEK', []],
  ['Böter på SEK 500', []],
  ['Buss 5 mot Västra hamnen stannar inte', []],
  ['Lampan på stolpe 12 är trasig sedan 3 veckor', []],
  ['Öppet kl 07.00-09.00', []],
  ['Datum 12/05/2024', []],
  ['Byggt 2023-2024, renoverat 20240512', []],
  ['Det kostade ca 1 000 000 000 kr', []],
  ['Fel kontrollsiffra 811218-9875', []],
  ['Följ @malmostad för info', []],
  ['Mellan hus 10 och 12, ca 150 meter', []],
  ['Cykel nr 4512 3387', []],
];

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('moderation on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  const SECRET = 'Grannen ringer 070-123 45 67 om du undrar';
  const HELD = randomUUID();
  const CLEAN = randomUUID();
  const LEGACY = randomUUID();
  const PHOTO = `p/${randomUUID()}.jpg`;
  const CLEAN_PHOTO = `p/${randomUUID()}.jpg`;
  const LEGACY_PHOTO = `${ID.resident}/${LEGACY}.jpg`;
  /** Every function in schema api that anon or authenticated may execute, with its input argument names. */
  const granted: GrantedFunction[] = [];

  const submit = (w: Who, id: string, description: string, photo: string | null) =>
    db.call<Json>(w, 'submit_report', {
      p_id: id, p_category: 'litter', p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat, p_description: description,
      p_observed_at: new Date(Date.now() - 3_600_000).toISOString(), p_source: 'resident', p_photo_path: photo,
    }, { commit: true });
  const detail = (w: Who, id: string) => db.call<Json>(w, 'report_detail', { p_id: id });
  const nearby = (w: Who) => db.call<Json[]>(w, 'nearby_reports', { p_lon: GAMLA_STADEN.lon, p_lat: GAMLA_STADEN.lat, p_category: 'litter' });
  const moderate = (w: Who, id: string, action: string | null, description: string | null, reason: string | null, commit = true,
    photo: string | null = null) =>
    db.call<Json>(w, 'moderate_report',
      { p_report_id: id, p_action: action, p_description: description, p_reason: reason, p_photo: photo }, { commit });
  const mine = async (id: string) => (await db.call<Json[]>(who('resident'), 'my_reports')).find((r) => r.id === id)!;

  /** Everything anon and another resident can get out of every function granted to them, naming `target`. */
  const everything = async (target: string): Promise<string> => {
    const out: unknown[] = [];
    const value = (a: string): unknown => {
      switch (a) {
        case 'p_id': case 'p_report_id': return target;
        case 'p_report_ids': return [target];
        case 'p_lon': return GAMLA_STADEN.lon;
        case 'p_lat': return GAMLA_STADEN.lat;
        case 'p_category': return 'litter';
        case 'p_west': return 12.85;
        case 'p_south': return 55.48;
        case 'p_east': return 13.2;
        case 'p_north': return 55.66;
        case 'p_zoom': return 18;
        case 'p_limit': return 200;
        default: return null;
      }
    };
    for (const g of granted) {
      const args = Object.fromEntries(g.args.map((a) => [a, value(a)]));
      for (const [name, w] of [['anon', anon], ['other', other]] as const) {
        if (name === 'anon' && !g.anon) continue;
        try {
          out.push([g.name, name, await db.call(w, g.name, args)]);
        } catch (error) {
          out.push([g.name, name, (error as Error).message]);
        }
      }
    }
    return JSON.stringify(out);
  };

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values
      ('${ID.crew}', 'crew'), ('${ID.planner}', 'planner'), ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin'),
      ('${MODERATOR_ID}', 'moderator') on conflict do nothing`);
    await db.query('select app.generate_demo_reports(200, 5)');
    await submit(who('resident'), HELD, SECRET, PHOTO);
    await submit(who('resident'), CLEAN, 'Skräp vid bänken', CLEAN_PHOTO);
    await submit(who('resident'), LEGACY, 'Trasig lampa', LEGACY_PHOTO);
    granted.push(...(await grantedApiFunctions(db)));
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('engine is available; the public functions are among those enumerated', () => {
    expect(setupError).toBeNull();
    for (const f of ['report_detail', 'nearby_reports', 'reports_in_view', 'public_measures', 'my_reports', 'moderation_queue']) {
      expect(granted.map((g) => g.name)).toContain(f);
    }
  });

  describe('the automatic screen', () => {
    it.each(SCREEN)('%s → %j', async (text, reasons) => {
      const [r] = await db.query<{ reasons: string[] }>('select app.moderation_screen($1) as reasons', [text]);
      expect(r.reasons).toEqual(reasons);
    });

    it('holds a screened report on insert and approves a clean one; a photo is always held', async () => {
      const [h] = await db.query<Json>('select moderation, moderation_reasons, public_description, photo_moderation from app.reports where id = $1', [HELD]);
      expect(h).toEqual({ moderation: 'held', moderation_reasons: ['phone'], public_description: null, photo_moderation: 'held' });
      const [c] = await db.query<Json>('select moderation, public_description, photo_moderation from app.reports where id = $1', [CLEAN]);
      expect(c).toEqual({ moderation: 'approved', public_description: 'Skräp vid bänken', photo_moderation: 'held' });
      // The demo data is screened too and all of it passes.
      expect((await db.query<{ n: number }>(`select count(*)::int as n from app.reports where is_demo and moderation <> 'approved'`))[0].n).toBe(0);
    });

    it('screens again when the description changes', async () => {
      await db.query('begin');
      try {
        await db.query(`update app.reports set description = 'Mejla mig: a@b.se' where id = $1`, [CLEAN]);
        const [r] = await db.query<Json>('select moderation, moderation_reasons, public_description from app.reports where id = $1', [CLEAN]);
        expect(r).toEqual({ moderation: 'held', moderation_reasons: ['email'], public_description: null });
        await db.query(`update app.reports set description = 'Skräp igen' where id = $1`, [CLEAN]);
        const [s] = await db.query<Json>('select moderation, public_description from app.reports where id = $1', [CLEAN]);
        expect(s).toEqual({ moderation: 'approved', public_description: 'Skräp igen' });
      } finally {
        await db.query('rollback');
      }
    });
  });

  describe('who sees held text and unapproved photos', () => {
    it('anon and another resident: neither the held text nor the photo through any granted function', async () => {
      const seen = await everything(HELD);
      expect(seen).not.toContain('070-123');
      expect(seen).not.toContain('Grannen');
      expect(seen).not.toContain(PHOTO);
      // The clean report's text is public; its photo is not (held).
      const clean = await everything(CLEAN);
      expect(clean).not.toContain(CLEAN_PHOTO);
      for (const w of [anon, other]) {
        const d = await detail(w, HELD);
        expect(d.description).toBeNull();
        expect(d.photo_path).toBeNull();
        expect(d.moderation).toBe('held');
        expect(d.moderation_reasons).toBeNull();
        expect((await detail(w, CLEAN)).description).toBe('Skräp vid bänken');
        const near = await nearby(w);
        expect(near.find((n) => n.id === HELD)?.description).toBeNull();
        expect(near.find((n) => n.id === CLEAN)?.description).toBe('Skräp vid bänken');
      }
    });

    it('the reporter and staff see the text, the photo and the moderation state', async () => {
      for (const w of [who('resident'), who('crew'), moderator]) {
        const d = await detail(w, HELD);
        expect(d.description).toBe(SECRET);
        expect(d.photo_path).toBe(PHOTO);
        expect(d.moderation).toBe('held');
        expect(d.moderation_reasons).toEqual(['phone']);
        expect(d.photo_moderation).toBe('held');
        expect((await nearby(w)).find((n) => n.id === HELD)?.description).toBe(SECRET);
      }
      const m = await mine(HELD);
      expect(m).toMatchObject({ description: SECRET, moderation: 'held', moderation_reason: null, photo_moderation: 'held' });
    });
  });

  describe('moderating', () => {
    it('the queue: held items oldest first with their reasons (a held photo is a reason)', async () => {
      const q = await db.call<{ total: number; items: Json[] }>(moderator, 'moderation_queue', { p_limit: 200, p_offset: 0 });
      const ids = q.items.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([HELD, CLEAN, LEGACY]));
      expect(ids.indexOf(HELD)).toBeLessThan(ids.indexOf(CLEAN));
      expect(q.items.find((i) => i.id === HELD)).toMatchObject({ description: SECRET, reasons: ['phone', 'photo'], photo_path: PHOTO });
      expect(q.items.find((i) => i.id === CLEAN)).toMatchObject({ reasons: ['photo'], moderation: 'approved' });
      expect(q.total).toBe(q.items.length);
      const created = q.items.map((i) => String(i.created_at));
      expect([...created].sort()).toEqual(created);
      const page = await db.call<{ total: number; items: Json[] }>(moderator, 'moderation_queue', { p_limit: 1, p_offset: 1 });
      expect(page.items.map((i) => i.id)).toEqual([ids[1]]);
      expect(page.total).toBe(q.total);
      expect((await errorOf(db.call(moderator, 'moderation_queue', { p_limit: 0, p_offset: 0 }))).message).toBe('invalid_filter');
      expect((await errorOf(db.call(moderator, 'moderation_queue', { p_limit: 10, p_offset: -1 }))).message).toBe('invalid_filter');
    });

    it('approve: the text and an id-free photo become public; a photo named with the reporter id never does', async () => {
      await moderate(moderator, HELD, 'approve', null, null);
      await moderate(moderator, LEGACY, 'approve', null, null);
      for (const w of [anon, other]) {
        const d = await detail(w, HELD);
        expect(d.description).toBe(SECRET);
        expect(d.photo_path).toBe(PHOTO);
        expect((await detail(w, LEGACY)).photo_path).toBeNull();
      }
      const q = await db.call<{ items: Json[] }>(moderator, 'moderation_queue', {});
      expect(q.items.map((i) => i.id)).not.toContain(HELD);
      const [h] = await db.query<Json>(`select action, before_text, after_text, reason, moderator_id from app.report_moderation where report_id = $1 and subject = 'text'`, [HELD]);
      expect(h).toEqual({ action: 'approve', before_text: SECRET, after_text: SECRET, reason: null, moderator_id: MODERATOR_ID });
    });

    it('edit: the moderator\'s text is public, the reporter keeps theirs and sees the reason; history before/after', async () => {
      await moderate(who('admin'), HELD, 'edit', 'Grannen ringer [nummer borttaget] om du undrar', 'Telefonnummer borttaget');
      for (const w of [anon, other]) expect((await detail(w, HELD)).description).toBe('Grannen ringer [nummer borttaget] om du undrar');
      const own = await detail(who('resident'), HELD);
      expect(own).toMatchObject({ description: SECRET, moderation: 'edited', moderation_reason: 'Telefonnummer borttaget',
        public_description: 'Grannen ringer [nummer borttaget] om du undrar' });
      expect(await mine(HELD)).toMatchObject({ moderation: 'edited', moderation_reason: 'Telefonnummer borttaget' });
      const rows = await db.query<Json>(`select action, before_text, after_text, reason, moderator_id, created_at is not null as at
                                           from app.report_moderation where report_id = $1 and subject = 'text' order by id`, [HELD]);
      expect(rows[1]).toEqual({ action: 'edit', before_text: SECRET, after_text: 'Grannen ringer [nummer borttaget] om du undrar',
        reason: 'Telefonnummer borttaget', moderator_id: ID.admin, at: true });
    });

    it('hide: nothing public, staff and the reporter keep the text, the reporter sees the reason', async () => {
      await moderate(moderator, HELD, 'hide', null, 'Innehåller personuppgifter');
      const seen = await everything(HELD);
      expect(seen).not.toContain('Grannen');
      expect(seen).not.toContain(PHOTO);
      for (const w of [anon, other]) {
        const d = await detail(w, HELD);
        expect(d).toMatchObject({ description: null, photo_path: null, moderation: 'hidden', moderation_reason: null });
      }
      expect(await detail(who('crew'), HELD)).toMatchObject({ description: SECRET, photo_path: PHOTO, photo_moderation: 'hidden' });
      expect(await mine(HELD)).toMatchObject({ description: SECRET, moderation: 'hidden', moderation_reason: 'Innehåller personuppgifter', photo_moderation: 'hidden' });
      const [h] = await db.query<Json>(`select action, before_text, after_text, reason from app.report_moderation where report_id = $1 and subject = 'text' order by id desc limit 1`, [HELD]);
      expect(h).toEqual({ action: 'hide', before_text: 'Grannen ringer [nummer borttaget] om du undrar', after_text: null, reason: 'Innehåller personuppgifter' });
    });

    it('validates: action, a reason for edit and hide, the edited text, the report', async () => {
      const code = async (p: Promise<unknown>) => (await errorOf(p)).message;
      expect(await code(moderate(moderator, CLEAN, 'delete', null, 'x', false))).toBe('invalid_action');
      expect(await code(moderate(moderator, CLEAN, null as unknown as string, null, 'x', false))).toBe('invalid_action');
      expect(await code(moderate(moderator, CLEAN, 'hide', null, '  ', false))).toBe('reason_required');
      expect(await code(moderate(moderator, CLEAN, 'edit', 'ny text', null, false))).toBe('reason_required');
      expect(await code(moderate(moderator, CLEAN, 'edit', '   ', 'skäl', false))).toBe('description_required');
      expect(await code(moderate(moderator, CLEAN, 'edit', 'x'.repeat(2001), 'skäl', false))).toBe('description_too_long');
      expect(await code(moderate(moderator, CLEAN, 'hide', null, 'x'.repeat(2001), false))).toBe('note_too_long');
      expect(await code(moderate(moderator, randomUUID(), 'approve', null, null, false))).toBe('report_not_found');
    });

    it('only moderators and admins may moderate: others get forbidden, anon is not granted', async () => {
      for (const w of [who('resident'), other, who('crew'), who('planner'), who('strategist')]) {
        expect((await errorOf(db.call(w, 'moderation_queue', {}))).message).toBe('forbidden');
        expect((await errorOf(moderate(w, CLEAN, 'approve', null, null, false))).message).toBe('forbidden');
      }
      expect((await errorOf(db.call(anon, 'moderation_queue', {}))).code).toBe('42501');
      expect((await errorOf(moderate(anon, CLEAN, 'approve', null, null, false))).code).toBe('42501');
      await expect(db.call(who('admin'), 'moderation_queue', {})).resolves.toHaveProperty('items');
      // Nobody reads or writes the history directly.
      for (const w of [anon, who('resident'), moderator, who('admin')]) {
        const e = await errorOf(db.asRole(w, (q) => q('select count(*) from app.report_moderation')));
        expect(e.code).toBe('42501');
      }
    });

    it('admins grant the moderator role; whoami names it', async () => {
      const fresh = randomUUID();
      await db.call(who('admin'), 'set_staff_role', { p_user_id: fresh, p_role: 'moderator' }, { commit: true });
      const w: Who = { role: 'authenticated', sub: fresh };
      expect(await db.call(w, 'whoami')).toEqual({ user_id: fresh, role: 'moderator' });
      await expect(db.call(w, 'moderation_queue', {})).resolves.toHaveProperty('items');
      expect((await errorOf(db.call(moderator, 'set_staff_role', { p_user_id: fresh, p_role: null }))).message).toBe('forbidden');
    });
  });
  describe('the photo decided on its own', () => {
    const photoOf = async (w: Who, id: string) => (await detail(w, id)).photo_path;
    const history = (id: string) =>
      db.query<Json>(`select subject, action, reason, moderator_id from app.report_moderation where report_id = $1 order by id`, [id]);

    it('approve the text and hide the photo: the text is public, the photo never, the reporter sees why', async () => {
      const id = randomUUID();
      const photo = `p/${randomUUID()}.jpg`;
      await submit(who('resident'), id, 'Bilen ABC 123 står på gångbanan', photo);
      expect(await moderate(moderator, id, 'approve', null, 'Ett ansikte syns på fotot', true, 'hide')).toMatchObject({
        moderation: 'approved', photo_moderation: 'hidden', reason: 'Ett ansikte syns på fotot' });
      for (const w of [anon, other]) {
        expect((await detail(w, id)).description).toBe('Bilen ABC 123 står på gångbanan');
        expect(await photoOf(w, id)).toBeNull();
      }
      expect(await everything(id)).not.toContain(photo);
      expect(await photoOf(who('crew'), id)).toBe(photo);
      expect(await mine(id)).toMatchObject({ moderation: 'approved', photo_moderation: 'hidden', moderation_reason: 'Ett ansikte syns på fotot' });
      expect((await history(id)).map((h) => [h.subject, h.action, h.reason])).toEqual([
        ['text', 'approve', 'Ett ansikte syns på fotot'], ['photo', 'hide', 'Ett ansikte syns på fotot']]);
      const q = await db.call<{ items: Json[] }>(moderator, 'moderation_queue', { p_limit: 200 });
      expect(q.items.map((i) => i.id)).not.toContain(id);
    });

    it('hide the text and approve the photo: the photo is public, the text never', async () => {
      const id = randomUUID();
      const photo = `p/${randomUUID()}.jpg`;
      await submit(who('resident'), id, 'Han heter Nils, ring 070-123 45 67', photo);
      await moderate(moderator, id, 'hide', null, 'Telefonnummer', true, 'approve');
      for (const w of [anon, other]) {
        expect(await detail(w, id)).toMatchObject({ description: null, photo_path: photo });
      }
      expect(await mine(id)).toMatchObject({ moderation: 'hidden', photo_moderation: 'approved', moderation_reason: 'Telefonnummer' });
    });

    it('the photo alone (no text action): the text and its public version stay as they are', async () => {
      const id = randomUUID();
      const photo = `p/${randomUUID()}.jpg`;
      await submit(who('resident'), id, 'Ring 070-123 45 67 om lampan', photo);
      await moderate(moderator, id, 'edit', 'Ring [nummer borttaget] om lampan', 'Telefonnummer', true, 'approve');
      expect(await photoOf(anon, id)).toBe(photo);
      // A registration plate was spotted in the picture later: hide the photo only.
      expect(await moderate(moderator, id, null, null, 'Registreringsskylt på fotot', true, 'hide')).toMatchObject({
        moderation: 'edited', public_description: 'Ring [nummer borttaget] om lampan', photo_moderation: 'hidden',
        reason: 'Registreringsskylt på fotot' });
      expect(await detail(anon, id)).toMatchObject({ description: 'Ring [nummer borttaget] om lampan', photo_path: null });
      expect(await mine(id)).toMatchObject({ photo_moderation: 'hidden', moderation_reason: 'Registreringsskylt på fotot' });
      await moderate(moderator, id, null, null, null, true, 'approve');
      expect(await detail(anon, id)).toMatchObject({ description: 'Ring [nummer borttaget] om lampan', photo_path: photo });
      expect((await history(id)).map((h) => [h.subject, h.action])).toEqual([
        ['text', 'edit'], ['photo', 'approve'], ['photo', 'hide'], ['photo', 'approve']]);
    });

    it('a text that passed the screen: only its photo waits, and deciding the photo alone takes it off the queue', async () => {
      const id = randomUUID();
      await submit(who('resident'), id, 'Skräp vid busshållplatsen', `p/${randomUUID()}.jpg`);
      const before = await db.call<{ items: Json[] }>(moderator, 'moderation_queue', { p_limit: 200 });
      expect(before.items.find((i) => i.id === id)).toMatchObject({ moderation: 'approved', photo_moderation: 'held', reasons: ['photo'] });
      await moderate(moderator, id, null, null, null, true, 'approve');
      const after = await db.call<{ items: Json[] }>(moderator, 'moderation_queue', { p_limit: 200 });
      expect(after.items.map((i) => i.id)).not.toContain(id);
    });

    it('validates the photo decision: approve or hide, a reason to hide, a report with a photo', async () => {
      const code = async (p: Promise<unknown>) => (await errorOf(p)).message;
      const noPhoto = randomUUID();
      await submit(who('resident'), noPhoto, 'Trasig skylt', null);
      expect(await code(moderate(moderator, CLEAN, 'approve', null, null, false, 'delete'))).toBe('invalid_action');
      expect(await code(moderate(moderator, CLEAN, 'approve', null, null, false, 'edit'))).toBe('invalid_action');
      expect(await code(moderate(moderator, CLEAN, 'approve', null, '  ', false, 'hide'))).toBe('reason_required');
      expect(await code(moderate(moderator, CLEAN, null, null, null, false, 'hide'))).toBe('reason_required');
      expect(await code(moderate(moderator, noPhoto, null, null, null, false, 'approve'))).toBe('no_photo');
      expect(await code(moderate(moderator, noPhoto, 'approve', null, null, false, 'approve'))).toBe('no_photo');
      expect(await code(moderate(who('crew'), CLEAN, null, null, null, false, 'approve'))).toBe('forbidden');
    });
  });
});
