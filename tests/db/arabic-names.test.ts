/**
 * Arabic names of the reference data residents read (issue 15) on both engines: list_categories carries each
 * category's, challenge's and status's Arabic name as the seed's inputs give them (public/data/categories.json,
 * challenges.json; scripts/build-seed.mjs for the statuses), and null for a row without one (the client then shows the Swedish name); a strategy period's
 * challenges and areas carry theirs through draft, save, get and publish. The steps build on each other, in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import shipped from '../../src/features/report/lib/shipped-reference.json';
import { createEngine, errorOf, type Engine, type EngineName, type Who } from './engines';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = join(import.meta.dirname, '..', '..');
const data = (f: string) => JSON.parse(readFileSync(join(root, 'public/data', f), 'utf8'));
const SEED: { period: { id: string }; challenges: Json[] } = data('challenges.json');
const CATEGORIES: Json[] = data('categories.json').categories;
const anon: Who = { role: 'anon' };
const STRATEGIST = '57a00000-0000-4000-8000-0000000000a8';
const strategist: Who = { role: 'authenticated', sub: STRATEGIST };
const resident: Who = { role: 'authenticated', sub: 'a11ce000-0000-4000-8000-0000000000a8' };
const ARABIC = /^[\u0600-\u06FF\s]+$/;
/** A sentence: Arabic letters, spaces and punctuation (the Arabic comma, a full stop), nothing in Latin letters. */
const ARABIC_TEXT = /^[\u0600-\u06FF\s.–-]+$/;

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('Arabic names on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
    } catch (error) {
      setupError = error;
      return;
    }
    await db.query(`insert into app.staff_roles (user_id, role) values ('${STRATEGIST}', 'strategist')`);
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('list_categories gives every seeded category, challenge and status its Arabic name', async () => {
    const r = await db.call<Json>(anon, 'list_categories');
    const active = CATEGORIES.filter((c) => c.active);
    expect(active.every((c) => ARABIC.test(c.name_ar))).toBe(true);
    expect(Object.fromEntries(r.categories.map((c: Json) => [c.code, c.name_ar]))).toEqual(
      Object.fromEntries(active.map((c) => [c.code, c.name_ar])),
    );
    const prioritised = SEED.challenges.filter((c) => c.prioritised);
    expect(prioritised.every((c) => ARABIC.test(c.name_ar))).toBe(true);
    expect(Object.fromEntries(r.challenges.map((c: Json) => [c.code, c.name_ar]))).toEqual(
      Object.fromEntries(prioritised.map((c) => [c.code, c.name_ar])),
    );
    expect(prioritised.every((c) => ARABIC_TEXT.test(c.description_ar))).toBe(true);
    expect(Object.fromEntries(r.challenges.map((c: Json) => [c.code, c.description_ar]))).toEqual(
      Object.fromEntries(prioritised.map((c) => [c.code, c.description_ar])),
    );
    // The statuses' Arabic names are defined in scripts/build-seed.mjs, which writes them to the seed and to the
    // reference data shipped with the build.
    expect(shipped.statuses.every((st) => ARABIC.test(st.name_ar))).toBe(true);
    expect(Object.fromEntries(r.statuses.map((st: Json) => [st.code, st.name_ar]))).toEqual(
      Object.fromEntries(shipped.statuses.map((st) => [st.code, st.name_ar])),
    );
  });

  it('gives null for a category without an Arabic name, and the tables refuse an empty or untrimmed one', async () => {
    const code = CATEGORIES[0]!.code as string;
    await db.query('update app.categories set name_ar = null where code = $1', [code]);
    const r = await db.call<Json>(anon, 'list_categories');
    await db.query('update app.categories set name_ar = $2 where code = $1', [code, CATEGORIES[0]!.name_ar]);
    expect(r.categories.find((c: Json) => c.code === code)).toMatchObject({ code, name_sv: CATEGORIES[0]!.name_sv, name_ar: null });
    for (const bad of ['', ' نفايات', 'x'.repeat(201)]) {
      await expect(db.query('update app.categories set name_ar = $2 where code = $1', [code, bad])).rejects.toThrow(
        /check/,
      );
      await expect(
        db.query('update app.period_challenges set name_ar = $2 where period_id = $1', [SEED.period.id, bad]),
      ).rejects.toThrow(/check/);
      await expect(db.query(`update app.statuses set name_ar = $1 where code = 'new'`, [bad])).rejects.toThrow(/check/);
    }
  });

  const call = <T = Json>(who: Who, fn: string, args: Record<string, unknown> = {}) =>
    db.call<T>(who, fn, args, { commit: true });
  const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).message;
  let draft: string;
  /** The draft as save_strategy_period input: the seed's challenges and categories, an area, and `edit` applied. */
  const input = (edit: (challenges: Json[], areas: Json[]) => void = () => {}) => {
    const challenges = SEED.challenges.map((c, i): Json => ({ ...c, sort: i + 1 }));
    const areas: Json[] = [{ code: 'trygg_miljo', name_sv: 'Trygg miljö', name_en: 'Safe environment', sort: 1 }];
    edit(challenges, areas);
    return {
      name: 'Med arabiska namn',
      areas,
      challenges,
      categories: CATEGORIES.filter((c) => c.active).map((c) => ({ category: c.code, challenge: c.challenge })),
    };
  };
  const save = (period: unknown) =>
    call(strategist, 'save_strategy_period', { p_id: draft, p_period: JSON.stringify(period) });
  const arabicOf = (rows: Json[]) => Object.fromEntries(rows.map((r) => [r.code, r.name_ar]));

  it('a draft copies the Arabic names of the period it is drafted from, and get_strategy_period returns them', async () => {
    const seed = await call(anon, 'get_strategy_period', { p_id: SEED.period.id });
    expect(arabicOf(seed.challenges)).toEqual(arabicOf(SEED.challenges));
    draft = (await call(strategist, 'draft_strategy_period', { p_from: SEED.period.id, p_name: 'Nästa' })).id;
    const got = await call(strategist, 'get_strategy_period', { p_id: draft });
    expect(arabicOf(got.challenges)).toEqual(arabicOf(SEED.challenges));
    const descriptions = (rows: Json[]) => Object.fromEntries(rows.map((r) => [r.code, r.description_ar]));
    expect(descriptions(got.challenges)).toEqual(descriptions(SEED.challenges));
  });

  it('saves the Arabic names of challenges and areas (trimmed; empty or absent = none, left out of the JSON)', async () => {
    const [first, second] = SEED.challenges.map((c) => c.code as string);
    const saved = await save(
      input((challenges, areas) => {
        challenges[0]!.name_ar = '  نظافة الشوارع  ';
        challenges[0]!.description_ar = '  وصف قصير  ';
        challenges[1]!.name_ar = '';
        challenges[1]!.description_ar = '';
        challenges[2]!.name_ar = null;
        delete challenges[3]!.name_ar;
        areas[0]!.name_ar = 'بيئة آمنة';
      }),
    );
    expect(saved.challenges.find((c: Json) => c.code === first).name_ar).toBe('نظافة الشوارع');
    expect(saved.challenges.find((c: Json) => c.code === first).description_ar).toBe('وصف قصير');
    expect(saved.challenges.find((c: Json) => c.code === second)).not.toHaveProperty('description_ar');
    for (const c of saved.challenges.slice(1)) expect(c, c.code).not.toHaveProperty('name_ar');
    expect(saved.areas).toEqual([
      { code: 'trygg_miljo', name_sv: 'Trygg miljö', name_en: 'Safe environment', name_ar: 'بيئة آمنة', sort: 1 },
    ]);
    const stored = await db.query<{ code: string; name_ar: string | null }>(
      'select code, name_ar from app.period_challenges where period_id = $1 and code = any($2) order by code',
      [draft, [first, second]],
    );
    expect(Object.fromEntries(stored.map((r) => [r.code, r.name_ar]))).toEqual({ [first!]: 'نظافة الشوارع', [second!]: null });
    expect(await call(strategist, 'get_strategy_period', { p_id: draft })).toEqual(saved);
  });

  it('refuses an Arabic name that is not a string or is too long, and then changes nothing', async () => {
    const before = await call(strategist, 'get_strategy_period', { p_id: draft });
    const renamed = (edit: (challenges: Json[], areas: Json[]) => void) => ({ ...input(edit), name: 'Ändrad' });
    expect(await codeOf(save(renamed((c) => void (c[0]!.name_ar = 7))))).toBe('invalid_period');
    expect(await codeOf(save(renamed((_, a) => void (a[0]!.name_ar = ['x']))))).toBe('invalid_period');
    expect(await codeOf(save(renamed((c) => void (c[1]!.name_ar = 'ب'.repeat(201)))))).toBe('name_too_long');
    expect(await codeOf(save(renamed((_, a) => void (a[0]!.name_ar = 'ب'.repeat(201)))))).toBe('name_too_long');
    expect(await codeOf(save(renamed((c) => void (c[2]!.description_ar = 7))))).toBe('invalid_period');
    expect(await codeOf(save(renamed((c) => void (c[2]!.description_ar = 'ب'.repeat(2001)))))).toBe('text_too_long');
    expect(await call(strategist, 'get_strategy_period', { p_id: draft })).toEqual(before);
    expect(await codeOf(call(resident, 'save_strategy_period', { p_id: draft, p_period: '{}' }))).toBe('forbidden');
  });

  it('once published, residents read the period\'s Arabic challenge names in list_categories', async () => {
    const [{ today }] = await db.query<{ today: string }>(
      `select to_char((now() at time zone 'Europe/Stockholm')::date, 'YYYY-MM-DD') as today`,
    );
    await call(strategist, 'publish_strategy_period', { p_id: draft, p_starts_on: today });
    const r = await call(anon, 'list_categories');
    expect(r.period.id).toBe(draft);
    expect(arabicOf(r.challenges)).toEqual({
      ...arabicOf(SEED.challenges.filter((c) => c.prioritised)),
      [SEED.challenges[0]!.code]: 'نظافة الشوارع',
      [SEED.challenges[1]!.code]: null,
      [SEED.challenges[2]!.code]: null,
      [SEED.challenges[3]!.code]: null,
    });
  });
});
