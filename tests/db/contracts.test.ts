/**
 * Every Zod contract in src/api against the real output of its SQL function, on both engines.
 *
 * The contracts are enumerated from src/api/index.ts (anything exported with a name, an args schema, a result
 * schema and a call), so a new contract without a case here fails "every contract has a case". Each case calls
 * the contract exactly as the app does — its args schema, its own argument mapping, the local backend's
 * encoding of the named arguments (buildRpcCall) — as a PostgREST role, takes the raw jsonb the function
 * returned and parses it with the contract's result schema. A field the SQL renamed or dropped fails the
 * parse; a field the SQL returns but the contract does not declare fails too (Zod would silently strip it).
 *
 * Two phases per engine: first the database as the template leaves it (reference data, no reports, no
 * developments, no measures), for the empty shapes; then with the demo generators' data and a few fixtures
 * made through the API, for the full shapes and the nulls the SQL can return.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as api from '../../src/api';
import { rateRatioEffect } from '../../src/analysis/effect';
import type { Backend } from '../../src/backend/backend';
import { buildRpcCall } from '../../src/backend/local/rpc-sql';
import { ASSESSMENT_FACTORS } from '../../src/domain/assessment-factors';
import { MALMO_BBOX, MALMO_CENTER } from '../../src/domain/report-rules';
import { createEngine, type Engine, type EngineName, type Query, type Who } from './engines';

// ---- the contracts ----------------------------------------------------------------------------------

interface Contract {
  name: string;
  args: z.ZodType;
  result: z.ZodType;
  // Method syntax: bivariant in its input, so every contract is one.
  call(backend: Backend, input: unknown): Promise<unknown>;
}
const isContract = (v: unknown): v is Contract =>
  typeof v === 'object' && v !== null && typeof (v as Contract).name === 'string' &&
  (v as Contract).args instanceof z.ZodType && (v as Contract).result instanceof z.ZodType &&
  typeof (v as Contract).call === 'function';
/** Every API contract exported from src/api/index.ts. */
const contracts: Contract[] = (Object.values(api) as unknown[]).filter(isContract);

// ---- personas -----------------------------------------------------------------------------------------

const ID = {
  resident: 'a11ce000-0000-4000-8000-00000000ac01',
  resident2: 'a11ce000-0000-4000-8000-00000000ac02',
  newcomer: 'a11ce000-0000-4000-8000-00000000ac03',
  crew: 'c4e00000-0000-4000-8000-00000000ac04',
  planner: '91a00000-0000-4000-8000-00000000ac05',
  strategist: '57a00000-0000-4000-8000-00000000ac06',
  admin: 'ad000000-0000-4000-8000-00000000ac07',
};
type Persona = keyof typeof ID;
const as = (p: Persona): Who => ({ role: 'authenticated', sub: ID[p] });
const anon: Who = { role: 'anon' };

type LonLat = [number, number];
const HOME: LonLat = [MALMO_CENTER.lon, MALMO_CENTER.lat];
/** All of Malmö at a city zoom (MALMO_BBOX with a margin for the snapped public positions). */
const CITY = {
  west: MALMO_BBOX.west - 0.01, south: MALMO_BBOX.south - 0.01, east: MALMO_BBOX.east + 0.01, north: MALMO_BBOX.north + 0.01, zoom: 11,
};
const near = (p: LonLat, i: number): LonLat => [p[0] + (i % 3) * 0.00005, p[1] + (i % 2) * 0.00004];
const square = (p: LonLat, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [[
    [p[0] - d, p[1] - d], [p[0] + d, p[1] - d], [p[0] + d, p[1] + d], [p[0] - d, p[1] + d], [p[0] - d, p[1] - d],
  ]],
});
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
/** 'YYYY-MM-DD' d days ago. */
const dayAgo = (d: number) => daysAgo(d).toISOString().slice(0, 10);
/** Fields present in `raw` that the parse dropped: the SQL returns something the contract does not declare. */
function undeclared(raw: unknown, parsed: unknown, path = '$'): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((r, i) => undeclared(r, parsed[i], `${path}[${i}]`));
  if (raw && parsed && typeof raw === 'object' && typeof parsed === 'object') {
    const p = parsed as Record<string, unknown>;
    return Object.entries(raw as Record<string, unknown>).flatMap(([k, v]) =>
      k in p ? undeclared(v, p[k], `${path}.${k}`) : [`${path}.${k}`]);
  }
  return [];
}

const engines: EngineName[] = ['pglite', 'postgres'];

describe.each(engines)('api contracts against real SQL on %s', (engineName) => {
  let db: Engine;
  let setupError: unknown = null;
  /** Contracts whose real result parsed at least once on this engine. */
  const parsedOnce = new Set<string>();

  /**
   * Calls `contract` as the app does, as `who`, rolled back; parses the raw result with the contract's result
   * schema (and fails on fields the schema does not declare). Returns the parsed value.
   */
  async function real<C extends Contract>(
    contract: C,
    who: Who,
    input: z.input<C['args']>,
    /** Runs first in the same (rolled back) transaction, as `who`: fixtures only this call sees. */
    prepare?: (q: Query) => Promise<unknown>,
  ): Promise<z.output<C['result']>> {
    let raw: unknown;
    let called = false;
    let dbError: unknown = null;
    const backend = {
      rpc: async (fn: string, args?: Record<string, unknown>) => {
        called = true;
        const { sql, params } = buildRpcCall(fn, args);
        try {
          raw = await db.asRole(who, async (q) => {
            await prepare?.(q);
            return (await q<{ result: unknown }>(sql, params))[0].result;
          });
        } catch (error) {
          dbError = error;
          throw error;
        }
        return raw;
      },
    } as unknown as Backend;
    try {
      await contract.call(backend, input);
    } catch (error) {
      if (dbError) throw dbError; // the SQL refused: show its message, not the mapped code
      if (!called) throw error; // the args schema refused the input: the case itself is wrong
      // else the result did not parse: the explicit parse below says where
    }
    const parsed = contract.result.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `${contract.name}: the real result does not match the contract:\n` +
          `${z.prettifyError(new z.ZodError(parsed.error.issues.slice(0, 10)))}\n` +
          `raw: ${JSON.stringify(raw).slice(0, 1500)}`,
      );
    }
    expect(undeclared(raw, parsed.data), `${contract.name}: fields the contract does not declare`).toEqual([]);
    parsedOnce.add(contract.name);
    return parsed.data as z.output<C['result']>;
  }

  /** The stable error code the contract's call rejects with. */
  async function refused<C extends Contract>(contract: C, who: Who, input: z.input<C['args']>): Promise<string> {
    try {
      await db.asRole(who, (q) => contract.call(backendOn(q), input));
    } catch (error) {
      return (error as { code: string }).code;
    }
    throw new Error(`${contract.name}: expected a refusal`);
  }

  /** A backend whose calls run on `q` (inside a transaction of asRole). */
  const backendOn = (q: Query) =>
    ({
      rpc: async (fn: string, args?: Record<string, unknown>) => {
        const { sql, params } = buildRpcCall(fn, args);
        return (await q<{ result: unknown }>(sql, params))[0].result;
      },
    }) as unknown as Backend;
  /** A fixture the cases read: the contract's call as `who`, committed. */
  const commit = <C extends Contract>(contract: C, who: Who, input: z.input<C['args']>) =>
    db.asRole(who, (q) => contract.call(backendOn(q), input), { commit: true }) as Promise<z.output<C['result']>>;
  const one = async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params))[0];
  /** The strategy period in force, and the demo's draft next period (supabase/demo/generate_demo_strategy.sql). */
  const periodInForce = async () => (await one<{ id: string }>('select app.period_in_force(now()) as id')).id;
  const demoDraft = async () =>
    (await one<{ id: string }>(`select id from app.strategy_periods where status = 'draft' and is_demo`)).id;

  /** Fixtures, filled in by the phases' setup. */
  const fx = {
    devEmpty: '', // a development made in the empty phase (no reports yet)
    riskSource: '', // the imported risk source (two injuries)
    reportPhoto: '', // the resident's report with a photo, changed by crew with a note and a photo
    reportPlain: '', // the resident's report without photo or updates (inserted directly)
    reportClosed: '', // resolved by crew
    openIds: [] as string[], // open demo reports
    devWithReports: '', // the demo development with the most reports inside
    devAssessed: '', // a demo development with two assessment versions
    proposed: '', // a proposed measure without dates, cost or source_ref
    doneComputed: '', // a demo measure whose effect the client can compute
    year: 0,
  };

  // ---- the cases: one entry per contract, at least one phase each ---------------------------------------

  type Phase = 'empty' | 'filled';
  interface Case {
    contract: Contract;
    empty?: () => Promise<void>;
    filled?: () => Promise<void>;
  }
  const cases: Case[] = [
    {
      contract: api.listCategories,
      empty: async () => {
        const ref = await real(api.listCategories, anon, {});
        expect(ref.challenges.map((c) => c.code).sort()).toEqual(['befintlig_stad', 'planering', 'renhallning', 'trafik']);
        expect(ref.categories.length).toBeGreaterThan(0);
        expect(ref.statuses.map((s) => s.code)).toContain('new');
        expect(ref.transitions.some((t) => t.from === 'new' && t.roles.includes('crew'))).toBe(true);
      },
    },
    {
      contract: api.whoami,
      empty: async () => {
        expect(await real(api.whoami, anon, {})).toEqual({ user_id: null, role: 'anon' });
        expect(await real(api.whoami, as('resident'), {})).toEqual({ user_id: ID.resident, role: 'resident' });
        expect(await real(api.whoami, as('planner'), {})).toEqual({ user_id: ID.planner, role: 'planner' });
      },
    },
    {
      contract: api.submitReport,
      empty: async () => {
        const id = randomUUID();
        const r = await real(api.submitReport, as('resident'), {
          id, category: 'litter', lon: HOME[0], lat: HOME[1], description: 'Skräp vid busshållplatsen',
          observedAt: daysAgo(1), photoPath: `${ID.resident}/${id}.jpg`,
        });
        expect(r).toMatchObject({ id, status: 'new', category: 'litter', challenge: 'renhallning' });
        expect(r.district).not.toBeNull();
      },
      filled: async () => {
        const r = await real(api.submitReport, as('crew'), {
          id: randomUUID(), category: 'speeding', lon: HOME[0] + 0.01, lat: HOME[1] - 0.01,
          description: 'Fortkörning', observedAt: new Date(), source: 'crew',
        });
        expect(r.challenge).toBe('trafik');
        // A retry of a stored submission (the outbox resending) takes the other return path: the same answer.
        const id = randomUUID();
        const input = { id, category: 'dark_place', lon: HOME[0], lat: HOME[1], description: 'Mörkt', observedAt: daysAgo(2) };
        let first: unknown;
        const again = await real(api.submitReport, as('resident2'), input, async (q) => {
          first = await api.submitReport.call(backendOn(q), input);
        });
        expect(again).toEqual(first);
      },
    },
    {
      contract: api.reportsInView,
      empty: async () => {
        const v = await real(api.reportsInView, anon, CITY);
        expect(v).toMatchObject({ total: 0, items: [] });
      },
      filled: async () => {
        const city = await real(api.reportsInView, anon, CITY);
        expect(city.total).toBeGreaterThanOrEqual(3000);
        // Clusters have no id, category or status (nulls); at street level single reports have all three.
        expect(city.items.some((i) => i[2] > 1 && i[4] === null && i[5] === null && i[6] === null)).toBe(true);
        const street = await real(api.reportsInView, as('resident'), {
          west: HOME[0] - 0.02, south: HOME[1] - 0.01, east: HOME[0] + 0.02, north: HOME[1] + 0.01, zoom: 21,
          filter: { challenges: ['renhallning'], from: daysAgo(400), to: new Date(Date.now() + DAY) },
        });
        expect(street.items.some((i) => i[2] === 1 && typeof i[4] === 'string' && i[5] !== null && i[6] !== null)).toBe(true);
      },
    },
    {
      contract: api.reportDetail,
      filled: async () => {
        // Anyone: the public position, no photo paths (nulls), the first update has no from_status.
        const pub = await real(api.reportDetail, anon, { id: fx.reportPhoto });
        expect(pub).toMatchObject({ precise: false, is_mine: false, supported_by_me: false, photo_path: null });
        expect(pub.updates[0]).toMatchObject({ from_status: null, to_status: 'new', note: null, photo_path: null });
        expect(pub.updates[1]).toMatchObject({ from_status: 'new', to_status: 'confirmed', note: null, photo_path: null });
        expect(pub.updates[2]).toMatchObject({ from_status: 'confirmed', to_status: 'in_progress', note: 'På väg', photo_path: null });
        // The reporter: exact position, both photos.
        const mine = await real(api.reportDetail, as('resident'), { id: fx.reportPhoto });
        expect(mine).toMatchObject({ precise: true, is_mine: true, photo_path: `${ID.resident}/${fx.reportPhoto}.jpg` });
        expect(mine.updates[1]?.photo_path).toBeNull();
        expect(mine.updates[2]?.photo_path).toMatch(new RegExp(`^${ID.crew}/updates/`));
        // Staff on a report without photo or updates; supported by resident2.
        const plain = await real(api.reportDetail, as('resident2'), { id: fx.reportPlain });
        expect(plain).toMatchObject({ supported_by_me: true, support_count: 1, photo_path: null, updates: [] });
      },
    },
    {
      contract: api.nearbyReports,
      empty: async () => {
        expect(await real(api.nearbyReports, as('resident'), { lon: HOME[0], lat: HOME[1], category: 'graffiti' })).toEqual([]);
      },
      filled: async () => {
        const hits = await real(api.nearbyReports, as('resident2'), { lon: HOME[0], lat: HOME[1], category: 'litter' });
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.some((h) => h.id === fx.reportPlain && h.supported_by_me && h.support_count === 1)).toBe(true);
      },
    },
    {
      contract: api.supportReport,
      filled: async () => {
        const s = await real(api.supportReport, as('newcomer'), { reportId: fx.reportPlain });
        expect(s).toEqual({ report_id: fx.reportPlain, support_count: 2, supported_by_me: true });
      },
    },
    {
      contract: api.setReportNotification,
      filled: async () => {
        const on = await real(api.setReportNotification, as('resident'), { reportId: fx.reportPlain, email: ' boende@example.se ', lang: 'sv' });
        expect(on).toEqual({ report_id: fx.reportPlain, notify: true });
        const off = await real(api.setReportNotification, as('resident'), { reportId: fx.reportPlain, email: null });
        expect(off).toEqual({ report_id: fx.reportPlain, notify: false });
        expect(await refused(api.setReportNotification, as('resident2'), { reportId: fx.reportPlain, email: 'a@example.se' })).toBe('report_not_found');
      },
    },
    {
      contract: api.myReports,
      empty: async () => {
        expect(await real(api.myReports, as('newcomer'), {})).toEqual([]);
      },
      filled: async () => {
        const mine = await real(api.myReports, as('resident'), {});
        const byId = new Map(mine.map((m) => [m.id, m]));
        expect(byId.get(fx.reportPhoto)?.last_update_at).not.toBeNull();
        // Inserted without any update row: last_update_at is null.
        expect(byId.get(fx.reportPlain)).toMatchObject({ last_update_at: null, support_count: 1 });
        expect(byId.get(fx.reportClosed)?.status_group).toBe('closed');
      },
    },
    {
      contract: api.changeStatus,
      filled: async () => {
        const c = await real(api.changeStatus, as('crew'), {
          reportId: fx.openIds[0]!, toStatus: 'confirmed', note: 'Stämmer',
          photoPath: `${ID.crew}/updates/${randomUUID()}.webp`, updateId: randomUUID(),
        });
        expect(c).toMatchObject({ id: fx.openIds[0], status: 'confirmed', status_group: 'open' });
        const closed = await real(api.changeStatus, as('crew'), { reportId: fx.openIds[1]!, toStatus: 'not_actionable', note: 'Privat mark' });
        expect(closed.status_group).toBe('closed');
        // A retry with the same update id returns the first call's result (the idempotent path).
        const updateId = randomUUID();
        const input = { reportId: fx.openIds[1]!, toStatus: 'resolved', note: 'Klart', updateId };
        let first: unknown;
        const retried = await real(api.changeStatus, as('crew'), input, async (q) => {
          first = await api.changeStatus.call(backendOn(q), input);
        });
        expect(retried).toEqual(first);
        expect(retried.status).toBe('resolved');
      },
    },
    {
      contract: api.moderationQueue,
      empty: async () => {
        expect(await real(api.moderationQueue, as('admin'), {})).toEqual({ total: 0, items: [] });
        expect(await refused(api.moderationQueue, as('crew'), {})).toBe('forbidden');
      },
      filled: async () => {
        // A held text (a phone number) next to the held photo of fx.reportPhoto.
        const held = randomUUID();
        const q = await real(api.moderationQueue, as('admin'), { limit: 200 }, async (x) => {
          await x(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: ID.resident, role: 'authenticated' })]);
          await api.submitReport.call(backendOn(x), {
            id: held, category: 'litter', lon: HOME[0], lat: HOME[1], description: 'Ring 070-123 45 67', observedAt: daysAgo(1),
          });
          await x(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: ID.admin, role: 'authenticated' })]);
        });
        expect(q.items.find((i) => i.id === fx.reportPhoto)).toMatchObject({ reasons: ['photo'], moderation: 'approved', photo_moderation: 'held' });
        expect(q.items.find((i) => i.id === held)).toMatchObject({ reasons: ['phone'], moderation: 'held', photo_moderation: null, photo_path: null });
      },
    },
    {
      contract: api.moderateReport,
      filled: async () => {
        const edited = await real(api.moderateReport, as('admin'), { reportId: fx.reportPhoto, action: 'edit', description: 'Sopor', reason: 'Kortare' });
        expect(edited).toEqual({ id: fx.reportPhoto, moderation: 'edited', photo_moderation: 'approved', public_description: 'Sopor', reason: 'Kortare' });
        const approved = await real(api.moderateReport, as('admin'), { reportId: fx.reportPlain, action: 'approve' });
        expect(approved).toMatchObject({ moderation: 'approved', photo_moderation: null, reason: null });
        expect(await refused(api.moderateReport, as('strategist'), { reportId: fx.reportPlain, action: 'approve' })).toBe('forbidden');
      },
    },
    {
      contract: api.setStaffRole,
      empty: async () => {
        expect(await real(api.setStaffRole, as('admin'), { userId: ID.newcomer, role: 'crew' })).toEqual({ user_id: ID.newcomer, role: 'crew' });
        expect(await real(api.setStaffRole, as('admin'), { userId: ID.crew, role: null })).toEqual({ user_id: ID.crew, role: null });
      },
    },
    {
      contract: api.listStaff,
      filled: async () => {
        const staff = await real(api.listStaff, as('admin'), { role: null });
        expect(staff.items.find((m) => m.user_id === ID.admin)?.role).toBe('admin');
        expect(staff.total).toBeGreaterThanOrEqual(staff.items.length);
        expect(await refused(api.listStaff, as('crew'), {})).toBe('forbidden');
      },
    },
    {
      contract: api.staffRoleEvents,
      filled: async () => {
        const events = await real(api.staffRoleEvents, as('admin'), { userId: ID.newcomer }, (q) =>
          q(`select api.set_staff_role($1, 'planner')`, [ID.newcomer]),
        );
        expect(events.items[0]).toMatchObject({ user_id: ID.newcomer, actor_id: ID.admin, to_role: 'planner' });
      },
    },
    {
      contract: api.findUserByEmail,
      filled: async () => {
        await db.query(`insert into auth.users (id, email) values ($1, 'contract-newcomer@example.test')
                        on conflict (id) do update set email = excluded.email`, [ID.newcomer]);
        expect(await real(api.findUserByEmail, as('admin'), { email: 'Contract-Newcomer@example.test' })).toEqual({ user_id: ID.newcomer });
        expect(await refused(api.findUserByEmail, as('admin'), { email: 'nobody@example.test' })).toBe('user_not_found');
      },
    },
    {
      contract: api.deleteMyData,
      empty: async () => {
        expect(await real(api.deleteMyData, as('newcomer'), {})).toEqual({ reports_unlinked: 0, supports_deleted: 0 });
      },
      filled: async () => {
        const d = await real(api.deleteMyData, as('resident2'), {});
        expect(d.supports_deleted).toBeGreaterThan(0);
        const r = await real(api.deleteMyData, as('resident'), {});
        expect(r.reports_unlinked).toBeGreaterThanOrEqual(3);
      },
    },
    {
      contract: api.hotspotCells,
      empty: async () => {
        expect(await real(api.hotspotCells, as('crew'), { cellM: 100 })).toEqual({ cell_m: 100, total: 0, cells: [] });
      },
      filled: async () => {
        const h = await real(api.hotspotCells, as('crew'), { cellM: 250, challenges: ['renhallning', 'trafik'], recentFrom: daysAgo(28) });
        expect(h.total).toBeGreaterThan(0);
        expect(h.cells.reduce((s, c) => s + c[2], 0)).toBe(h.total);
        expect(h.cells.some((c) => c[4] > 0)).toBe(true);
      },
    },
    {
      contract: api.workList,
      empty: async () => {
        expect(await real(api.workList, as('crew'), {})).toEqual({ total: 0, items: [] });
      },
      filled: async () => {
        const w = await real(api.workList, as('crew'), { limit: 5000 });
        expect(w.items.length).toBeGreaterThan(100);
        expect(w.total).toBe(w.items.length);
        const photo = w.items.find((i) => i.id === fx.reportPhoto);
        expect(photo).toMatchObject({ has_photo: true, status: 'in_progress', assigned: true, assigned_to_me: true });
        expect(w.items.some((i) => !i.assigned && !i.has_photo)).toBe(true);
        const few = await real(api.workList, as('strategist'), { statuses: ['resolved'], challenges: ['renhallning'], limit: 1, cellM: 50 });
        expect(few.items).toHaveLength(1);
        expect(few.total).toBeGreaterThanOrEqual(1);
      },
    },
    {
      contract: api.claimReport,
      filled: async () => {
        const c = await real(api.claimReport, as('crew'), { reportId: fx.openIds[2]! });
        expect(c.assigned_to).toBe(ID.crew);
        expect(c.assigned_at).not.toBeNull();
        expect(c.status).toBe('in_progress'); // a new report: claiming starts the work
        // Claimed again by its holder (unchanged), and taken over by an admin.
        const held = await real(api.claimReport, as('crew'), { reportId: fx.reportPhoto });
        expect(held.assigned_to).toBe(ID.crew);
        expect((await real(api.claimReport, as('admin'), { reportId: fx.reportPhoto })).assigned_to).toBe(ID.admin);
        // Released: both null.
        expect(await real(api.claimReport, as('crew'), { reportId: fx.reportPhoto, release: true }))
          .toEqual({ id: fx.reportPhoto, assigned_to: null, assigned_at: null, status: 'in_progress' });
      },
    },
    {
      contract: api.crewColleagues,
      filled: async () => {
        const c = await real(api.crewColleagues, as('crew'), {});
        expect(c.items.find((i) => i.me)?.id).toBe(ID.crew);
      },
    },
    {
      contract: api.assignReport,
      filled: async () => {
        const due = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
        const a = await real(api.assignReport, as('crew'), { reportId: fx.openIds[7]!, assignee: ID.admin, dueOn: due });
        expect(a).toMatchObject({ id: fx.openIds[7], assigned_to: ID.admin, due_on: due, status: 'new' });
        const cleared = await real(api.assignReport, as('admin'), { reportId: fx.openIds[7]!, assignee: ID.crew });
        expect(cleared.due_on).toBeNull();
      },
    },
    {
      contract: api.changeStatusMany,
      empty: async () => {
        expect(await real(api.changeStatusMany, as('crew'), { reportIds: [], toStatus: 'resolved' })).toEqual({ changed: 0, ids: [] });
      },
      filled: async () => {
        const ids = fx.openIds.slice(3, 6);
        const m = await real(api.changeStatusMany, as('crew'), { reportIds: ids, toStatus: 'resolved', note: 'Städat' });
        expect(m.changed).toBe(3);
        expect([...m.ids].sort()).toEqual([...ids].sort());
      },
    },
    {
      contract: api.saveMeasure,
      empty: async () => {
        const id = randomUUID();
        const m = await real(api.saveMeasure, as('crew'), {
          id,
          measure: { title: 'Fler papperskorgar', challenge: 'renhallning', type: 'new_bins', geometry: { type: 'Point', coordinates: HOME } },
        });
        // A proposal without dates, cost or reference: the nullable fields are null.
        expect(m).toMatchObject({ id, status: 'proposed', planned_date: null, done_date: null, cost_sek: null, source_ref: null, report_ids: [], report_count: 0 });
      },
      filled: async () => {
        const m = await real(api.saveMeasure, as('strategist'), {
          id: randomUUID(),
          measure: {
            title: 'Belysning i parken', description: 'Nya armaturer', challenge: 'befintlig_stad', type: 'lighting',
            department: 'Fastighets- och gatukontoret', status: 'done', planned_date: dayAgo(60), done_date: dayAgo(30),
            cost_sek: 250000, geometry: { type: 'LineString', coordinates: [HOME, [HOME[0] + 0.002, HOME[1]]] },
            crit_preventive: 2, crit_research: 2, crit_vulnerable: 1, crit_quick: 0, source_kind: 'hotspot', source_ref: 'cell 12,7',
            report_ids: fx.openIds.slice(0, 2),
          },
        });
        expect(m).toMatchObject({ status: 'done', cost_sek: 250000, score: 5, report_count: 2, source_ref: 'cell 12,7' });
      },
    },
    {
      contract: api.listMeasures,
      empty: async () => {
        expect(await real(api.listMeasures, as('strategist'), {})).toEqual({ items: [], total: 0 });
      },
      filled: async () => {
        const all = await real(api.listMeasures, as('crew'), {});
        expect(all.items.length).toBeGreaterThan(3);
        expect(all.items.some((m) => m.id === fx.proposed && m.planned_date === null && m.cost_sek === null)).toBe(true);
        const done = await real(api.listMeasures, as('strategist'), { challenge: 'renhallning', statuses: ['done'] });
        expect(done.items.every((m) => m.status === 'done' && m.done_date !== null)).toBe(true);
      },
    },
    {
      contract: api.publicMeasures,
      empty: async () => {
        expect(await real(api.publicMeasures, anon, {})).toEqual({ items: [], total: 0 });
      },
      filled: async () => {
        const p = await real(api.publicMeasures, anon, {});
        expect(p.items.length).toBeGreaterThan(0);
        expect(p.items.some((m) => m.report_ids.length > 0)).toBe(true);
      },
    },
    {
      contract: api.measureEffect,
      empty: async () => {
        // No reports at all: every count 0, so the client refuses a verdict; against the city, no stadsdel name.
        const id = randomUUID();
        const e = await real(api.measureEffect, as('strategist'), { id, months: 6, comparison: 'city' }, (q) =>
          api.saveMeasure.call(backendOn(q), {
            id,
            measure: { title: 'Klotter bort', challenge: 'renhallning', type: 'graffiti_removal', status: 'done',
              done_date: dayAgo(120), geometry: { type: 'Point', coordinates: HOME } },
          }));
        expect(e).toMatchObject({ months_before: 6, area: { before: 0, after: 0 }, comparison: { kind: 'city', name: null, before: 0, after: 0 } });
        expect(e.buffer_m).toBeGreaterThan(0);
        expect(rateRatioEffect({ areaBefore: e.area.before, areaAfter: e.area.after, comparisonBefore: e.comparison.before, comparisonAfter: e.comparison.after }).verdict).toBe('too_few');
      },
      filled: async () => {
        const e = await real(api.measureEffect, as('strategist'), { id: fx.doneComputed });
        expect(e.comparison.kind).toBe('district');
        expect(e.comparison.name).toEqual(expect.any(String));
        const verdict = rateRatioEffect({ areaBefore: e.area.before, areaAfter: e.area.after, comparisonBefore: e.comparison.before, comparisonAfter: e.comparison.after }).verdict;
        expect(verdict).not.toBe('too_few');
        // Refused by the database: a measure that is not done has no effect to compute.
        expect(await refused(api.measureEffect, as('strategist'), { id: fx.proposed })).toBe('measure_not_done');
      },
    },
    {
      contract: api.challengeDashboard,
      empty: async () => {
        const d = await real(api.challengeDashboard, as('strategist'), {});
        expect(d).toMatchObject({ total: 0, by_category: [], dark: 0, median_days_to_resolved: null, supports: 0 });
        expect(d.monthly.every((m) => m.reported === 0 && m.resolved === 0)).toBe(true);
        // Every stadsdel is listed, with 0.
        const stadsdelar = await db.query<{ name: string }>('select distinct stadsdel as name from app.districts order by 1');
        expect(d.by_district.map((b) => b.code).sort()).toEqual(stadsdelar.map((s) => s.name));
        expect(d.by_district.every((b) => b.n === 0 && b.km2 > 0)).toBe(true);
      },
      filled: async () => {
        const all = await real(api.challengeDashboard, as('strategist'), { level: 'stadsomrade' });
        // Duplicates are excluded from every count.
        const live = await one<{ n: number }>(`select count(*)::int as n from app.reports where status <> 'duplicate'`);
        expect(all.total).toBe(live.n);
        expect(all.median_days_to_resolved).not.toBeNull();
        const areas = await db.query<{ name: string }>('select distinct stadsomrade as name from app.districts order by 1');
        expect(all.by_district.map((b) => b.code).sort()).toEqual(areas.map((a) => a.name));
        const byOne = await real(api.challengeDashboard, as('crew'), {
          challenge: 'trafik', from: daysAgo(180), to: new Date(), level: 'delomrade', district: all.by_district[0]!.code,
        });
        // Within one stadsområde, at delområde level: its delområden only.
        const inside = await db.query<{ code: string }>(
          'select do_kod::text as code from app.districts where stadsomrade = $1 order by 1', [all.by_district[0]!.code]);
        expect(byOne.by_district.length).toBeGreaterThan(0);
        expect(byOne.by_district.every((b) => inside.some((d) => d.code === b.code))).toBe(true);
        expect(byOne.by_category.length).toBeGreaterThan(0);
      },
    },
    {
      contract: api.annualFollowup,
      empty: async () => {
        const a = await real(api.annualFollowup, as('strategist'), { year: 2001, challenge: 'trafik' });
        expect(a).toMatchObject({ year: 2001, reported: { total: 0, by_category: [] }, measures: { placed: [], done: [] }, effects: [] });
        // The year's twelve months, zero-filled.
        expect(a.reported.by_month.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2001-${String(i + 1).padStart(2, '0')}`));
        expect(a.reported.by_month.every((m) => m.reported === 0 && m.resolved === 0)).toBe(true);
      },
      filled: async () => {
        const a = await real(api.annualFollowup, as('strategist'), { year: fx.year, challenge: 'renhallning' });
        expect(a.reported.total).toBeGreaterThan(0);
        expect(a.measures.placed.length + a.measures.done.length).toBeGreaterThan(0);
        expect(a.effects.length).toBe(a.measures.done.length);
      },
    },
    // ---- the strategy as data (issue 15) ----
    {
      contract: api.listStrategyPeriods,
      empty: async () => {
        const l = await real(api.listStrategyPeriods, anon, {});
        expect(l.map((p) => [p.status, p.in_force, p.ends_on])).toEqual([['published', true, null]]);
      },
      filled: async () => {
        // The demo's draft next period, for strategists only.
        const l = await real(api.listStrategyPeriods, as('strategist'), {});
        expect(l.map((p) => p.status)).toEqual(['draft', 'published']);
        expect(l[0]!.based_on).toBe(l[1]!.id);
      },
    },
    {
      contract: api.getStrategyPeriod,
      empty: async () => {
        const g = await real(api.getStrategyPeriod, anon, { id: await periodInForce() });
        expect(g.period.published_by).toBeNull();
        expect(g.challenges.length).toBeGreaterThan(0);
        expect(g.challenges.every((c) => c.crit_quick === null && c.area === null)).toBe(true);
        expect(g.action_plans).toEqual([]);
      },
      filled: async () => {
        // The demo's action plans, with activities linking demo measures.
        const g = await real(api.getStrategyPeriod, as('crew'), { id: await periodInForce() });
        expect(g.action_plans.length).toBeGreaterThan(0);
        expect(g.action_plans.some((a) => a.activities.some((x) => x.measure_id !== null && x.measure_title !== null))).toBe(true);
      },
    },
    {
      contract: api.draftStrategyPeriod,
      empty: async () => {
        const d = await real(api.draftStrategyPeriod, as('strategist'), { from: await periodInForce(), name: 'Nästa period' });
        expect(d.id).toEqual(expect.any(String));
        expect(await refused(api.draftStrategyPeriod, as('crew'), { from: await periodInForce(), name: 'x' })).toBe('forbidden');
      },
    },
    {
      contract: api.saveStrategyPeriod,
      filled: async () => {
        // The demo draft saved as it is plus an area, an unplaced and unprioritised challenge with scores.
        const draft = await demoDraft();
        const g = await commit(api.getStrategyPeriod, as('strategist'), { id: draft });
        const s = await real(api.saveStrategyPeriod, as('strategist'), {
          id: draft,
          period: {
            name: g.period.name,
            areas: [{ code: 'omrade_a', name_sv: 'Område A', name_en: 'Area A', sort: 1 }],
            challenges: [
              ...g.challenges,
              { code: 'ny_utmaning', name_sv: 'Ny', name_en: 'New', area: 'omrade_a', prioritised: false, sort: 99, crit_research: 2 },
            ],
            categories: g.categories,
          },
        });
        expect(s.areas.map((a) => a.code)).toEqual(['omrade_a']);
        expect(s.challenges.find((c) => c.code === 'ny_utmaning')).toMatchObject({ crit_research: 2, crit_quick: null, area: 'omrade_a' });
        expect(await refused(api.saveStrategyPeriod, as('strategist'), { id: draft, period: { ...g, name: g.period.name, challenges: g.challenges.map((c) => ({ ...c, prioritised: false })), categories: [] } })).toBe('no_prioritised_challenge');
      },
    },
    {
      contract: api.publishStrategyPeriod,
      filled: async () => {
        const today = (await one<{ d: string }>(`select to_char((now() at time zone 'Europe/Stockholm')::date, 'YYYY-MM-DD') as d`)).d;
        const p = await real(api.publishStrategyPeriod, as('strategist'), { id: await demoDraft(), startsOn: today });
        expect(p).toMatchObject({ status: 'published', starts_on: today, ends_on: null, in_force: true });
        expect(p.published_at).not.toBeNull();
      },
    },
    {
      contract: api.saveActionPlan,
      filled: async () => {
        const g = await commit(api.getStrategyPeriod, as('strategist'), { id: await periodInForce() });
        const challenge = g.challenges.find((c) => c.prioritised)!.code;
        const a = await real(api.saveActionPlan, as('strategist'), {
          plan: {
            id: randomUUID(), period_id: g.period.id, challenge, year: fx.year + 1, department: 'Gatukontoret',
            indicators: [{ name: 'Andel åtgärdade', unit: '%', baseline: null, target: 80, actual: null }],
            activities: [{ title: 'Med åtgärd', measure_id: fx.proposed }, { title: 'Utan åtgärd', status: 'started', note: 'n' }],
          },
        });
        expect(a.activities.map((x) => [x.measure_id, x.measure_title !== null, x.status])).toEqual([
          [fx.proposed, true, 'planned'],
          [null, false, 'started'],
        ]);
        expect(a.indicators[0]!.baseline).toBeNull();
      },
    },
    {
      contract: api.deleteStrategyPeriod,
      filled: async () => {
        // Rolled back: the demo draft stays for the other cases.
        const draft = await demoDraft();
        expect(await real(api.deleteStrategyPeriod, as('strategist'), { id: draft })).toEqual({ id: draft });
        expect(await refused(api.deleteStrategyPeriod, as('admin'), { id: await periodInForce() })).toBe('published_period_not_deletable');
      },
    },
    {
      contract: api.deleteActionPlan,
      filled: async () => {
        const plan = await one<{ id: string; n: number }>(
          `select a.id, (select count(*)::int from app.action_plan_activities x where x.plan_id = a.id) as n from app.action_plans a order by a.id limit 1`,
        );
        expect(await real(api.deleteActionPlan, as('strategist'), { id: plan.id })).toEqual({ id: plan.id, deleted_activities: Number(plan.n) });
        expect(await refused(api.deleteActionPlan, as('strategist'), { id: randomUUID() })).toBe('action_plan_not_found');
      },
    },
    {
      contract: api.actionPlanFollowup,
      empty: async () => {
        const f = await real(api.actionPlanFollowup, as('crew'), { period: await periodInForce(), year: 2001 });
        expect(f.plans).toEqual([]);
        expect(f.period.ends_on).toBeNull();
      },
      filled: async () => {
        const f = await real(api.actionPlanFollowup, as('strategist'), { period: await periodInForce(), year: fx.year });
        expect(f.plans.length).toBeGreaterThan(0);
        const activities = f.plans.flatMap((p) => p.activities);
        // Done demo measures carry their effect; the others have none.
        expect(activities.some((x) => x.measure?.effect != null)).toBe(true);
        expect(activities.every((x) => x.measure === null || (x.measure.status === 'done') === (x.measure.effect !== null))).toBe(true);
      },
    },
    {
      contract: api.listDevelopments,
      empty: async () => {
        const l = await real(api.listDevelopments, as('planner'), {});
        expect(l.items.map((d) => d.id)).toEqual([fx.devEmpty]);
        expect(l.items[0]).toMatchObject({ plan_id: null, expected_completion: null, link: null, reports_inside: 0, reports_near: 0 });
      },
      filled: async () => {
        const l = await real(api.listDevelopments, as('strategist'), {});
        expect(l.items.length).toBeGreaterThan(5);
        expect(l.items.some((d) => d.reports_inside > 0 && d.district !== null && d.is_demo)).toBe(true);
      },
    },
    {
      contract: api.importDevelopments,
      empty: async () => {
        const i = await real(api.importDevelopments, as('planner'), {
          features: [
            { name: 'Kv. Rosen', phase: 'planning', geometry: square(near(HOME, 1), 0.001) },
            { name: 'Dp 5678', planId: 'Dp 5678', phase: 'adopted', expectedCompletion: '2029-06-30', link: 'https://malmo.se/dp5678',
              geometry: { type: 'MultiPolygon', coordinates: [square([13.0, 55.58], 0.001).coordinates] } },
          ],
        });
        expect(i.inserted).toBe(2);
        expect(i.ids).toHaveLength(2);
      },
    },
    {
      contract: api.saveDevelopment,
      empty: async () => {
        const id = randomUUID();
        const d = await real(api.saveDevelopment, as('planner'), {
          id, name: 'Ritad yta', phase: 'consultation', planId: 'Dp 1', expectedCompletion: '2030-01-01', link: 'https://example.org/plan',
          geometry: square([13.02, 55.59], 0.0015),
        });
        expect(d).toMatchObject({ id, plan_id: 'Dp 1', expected_completion: '2030-01-01', is_demo: false });
        expect(d.geometry.type).toBe('MultiPolygon');
      },
    },
    {
      contract: api.deleteDevelopment,
      empty: async () => {
        expect(await real(api.deleteDevelopment, as('planner'), { id: fx.devEmpty })).toEqual({ id: fx.devEmpty });
      },
    },
    {
      contract: api.developmentEvidence,
      empty: async () => {
        const e = await real(api.developmentEvidence, as('planner'), { id: fx.devEmpty });
        expect(e).toMatchObject({ buffer_m: 250, inside: { total: 0, dark: 0 }, ring: { total: 0 }, monthly: [], reports: [], reports_truncated: false });
        expect(e.rates.development.count).toBe(0);
      },
      filled: async () => {
        const e = await real(api.developmentEvidence, as('planner'), { id: fx.devWithReports, bufferM: 500, limit: 3 });
        expect(e.inside.total).toBeGreaterThan(0);
        expect(e.reports).toHaveLength(3);
        expect(e.reports_truncated).toBe(true);
        expect(e.monthly.length).toBeGreaterThan(0);
        expect(e.rates.district).not.toBeNull();
        const windowed = await real(api.developmentEvidence, as('strategist'), { id: fx.devWithReports, bufferM: 100, from: daysAgo(90), to: new Date() });
        expect(windowed.inside.total).toBeLessThanOrEqual(e.inside.total);
      },
    },
    {
      contract: api.saveAssessment,
      empty: async () => {
        const s = await real(api.saveAssessment, as('planner'), {
          developmentId: fx.devEmpty,
          factors: [{ factor: ASSESSMENT_FACTORS[0], rating: null, note: null, report_ids: [] }],
        });
        expect(s.version).toBe(1);
      },
      filled: async () => {
        const s = await real(api.saveAssessment, as('planner'), {
          developmentId: fx.devAssessed,
          factors: [{ factor: ASSESSMENT_FACTORS[1], rating: 2, note: 'Skymd sikt', report_ids: fx.openIds.slice(0, 1) }],
        });
        expect(s.version).toBe(3);
      },
    },
    {
      contract: api.developmentAssessments,
      empty: async () => {
        expect(await real(api.developmentAssessments, as('planner'), { developmentId: fx.devEmpty })).toEqual({ items: [] });
      },
      filled: async () => {
        const mine = await real(api.developmentAssessments, as('planner'), { developmentId: fx.devAssessed });
        expect(mine.items.map((a) => a.version)).toEqual([2, 1]);
        expect(mine.items.every((a) => a.is_mine && a.author_id === ID.planner && a.author_label === 'planner')).toBe(true);
        expect(mine.items[0]!.factors.some((f) => f.rating === null && f.note === null)).toBe(true);
        expect(mine.items[1]!.factors.some((f) => f.rating !== null && f.report_ids.length > 0)).toBe(true);
        const theirs = await real(api.developmentAssessments, as('admin'), { developmentId: fx.devAssessed });
        expect(theirs.items.every((a) => !a.is_mine)).toBe(true);
      },
    },
    {
      contract: api.importRiskEvents,
      filled: async () => {
        const imported = await real(api.importRiskEvents, as('strategist'), riskImport);
        expect(imported.inserted).toBe(2);
        expect(await refused(api.importRiskEvents, as('crew'), riskImport)).toBe('forbidden');
      },
    },
    {
      contract: api.listRiskSources,
      empty: async () => {
        expect(await real(api.listRiskSources, as('crew'), {})).toEqual({ total: 0, items: [] });
      },
      filled: async () => {
        const list = await real(api.listRiskSources, as('crew'), {});
        const source = list.items.find((s) => s.name === riskImport.source.name);
        expect(source?.kind).toBe('strada');
        expect(source?.types).toEqual({ injury_severe: 1, injury_slight: 1 });
        expect(source?.imported_by).toBe(ID.strategist);
      },
    },
    {
      contract: api.deleteRiskSource,
      filled: async () => {
        const deleted = await real(api.deleteRiskSource, as('strategist'), { id: fx.riskSource });
        expect(deleted.deleted_events).toBe(2);
        expect(await refused(api.deleteRiskSource, as('strategist'), { id: randomUUID() })).toBe('risk_source_not_found');
      },
    },
    {
      contract: api.riskEventCells,
      empty: async () => {
        const none = await real(api.riskEventCells, as('crew'), { cellM: 100 });
        expect(none).toEqual({ cell_m: 100, total: 0, cells: [], districts: [], outside_districts: 0 });
      },
      filled: async () => {
        const cells = await real(api.riskEventCells, as('crew'), { cellM: 100, types: ['injury_severe'] });
        expect(cells.total).toBe(1);
        expect(cells.cells.map((c) => c[2])).toEqual([1]);
        expect(cells.districts.reduce((n, d) => n + d[1], 0) + cells.outside_districts).toBe(1);
      },
    },
  ];

  /** Two injuries near the centre: committed once for the filled phase, imported again (rolled back) by its case. */
  const riskImport = {
    source: {
      name: 'STRADA Malmö (kontraktstest)', kind: 'strada' as const, provenance: 'Test', licence: null,
      period_from: '2025-01-01', period_to: '2025-12-31',
    },
    events: [
      { type: 'injury_severe', occurred_at: '2025-03-01T17:45:00+01:00', lon: HOME[0], lat: HOME[1], road_users: ['cyclist' as const] },
      { type: 'injury_slight', occurred_at: '2025-06-01T08:00', x: 374000, y: 6164000 },
    ],
  };

  const phaseCases = (phase: Phase) =>
    cases.filter((c) => c[phase]).map((c) => [c.contract.name, c[phase]!] as const);

  beforeAll(async () => {
    try {
      db = await createEngine(engineName);
      await db.query(
        `insert into app.staff_roles (user_id, role) values ('${ID.crew}', 'crew'), ('${ID.planner}', 'planner'),
           ('${ID.strategist}', 'strategist'), ('${ID.admin}', 'admin')`,
      );
      // The empty phase's only row beyond the reference data: one development, with no reports anywhere.
      fx.devEmpty = randomUUID();
      await commit(api.saveDevelopment, as('planner'), {
        id: fx.devEmpty, name: 'Tom yta', phase: 'planning', geometry: square(near(HOME, 2), 0.002),
      });
    } catch (error) {
      setupError = error;
    }
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('every contract exported from src/api has a case, and every function in schema api has a contract', async () => {
    expect(contracts.length).toBeGreaterThanOrEqual(28);
    const names = contracts.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !cases.some((c) => c.contract.name === n)), 'contracts without a case').toEqual([]);
    expect(cases.filter((c) => !c.empty && !c.filled).map((c) => c.contract.name), 'cases without a phase').toEqual([]);
    const fns = await db.query<{ name: string }>(
      `select distinct p.proname as name from pg_proc p where p.pronamespace = 'api'::regnamespace order by 1`,
    );
    expect(fns.map((f) => f.name).sort()).toEqual([...names].sort());
  });

  describe('on an empty database (reference data only)', () => {
    it.each(phaseCases('empty'))('%s', async (_name, run) => {
      await run();
    });
  });

  describe('with demo data and fixtures', () => {
    beforeAll(async () => {
      if (setupError) return;
      try {
        // The empty phase is over: remove its development (the demo's own ones are what is read below).
        await commit(api.deleteDevelopment, as('planner'), { id: fx.devEmpty });
        await db.query('select app.generate_demo_reports(3000, 42)');
        await db.query('select app.generate_demo_developments(42)');
        await db.query('select app.generate_demo_measures(42)');
        fx.riskSource = (await commit(api.importRiskEvents, as('strategist'), riskImport)).id;
        fx.year = Number((await one<{ y: number }>(`select extract(year from now() at time zone 'Europe/Stockholm')::int as y`)).y);

        // The resident's reports: one with a photo (crew claims it and moves it with a note and a photo), one
        // inserted without an update row, supported by resident2, and one resolved.
        fx.reportPhoto = randomUUID();
        await commit(api.submitReport, as('resident'), {
          id: fx.reportPhoto, category: 'litter', lon: HOME[0], lat: HOME[1], description: 'Sopor överallt',
          observedAt: daysAgo(3), photoPath: `${ID.resident}/${fx.reportPhoto}.jpg`,
        });
        await commit(api.changeStatus, as('crew'), { reportId: fx.reportPhoto, toStatus: 'confirmed' });
        await commit(api.changeStatus, as('crew'), {
          reportId: fx.reportPhoto, toStatus: 'in_progress', note: 'På väg', photoPath: `${ID.crew}/updates/${randomUUID()}.jpg`,
        });
        // Claimed once in progress (a claim of a new or confirmed report would itself move it to in_progress).
        await commit(api.claimReport, as('crew'), { reportId: fx.reportPhoto });
        fx.reportPlain = randomUUID();
        const [lon, lat] = near(HOME, 1);
        await db.query(
          `insert into app.reports (id, category, location, description, observed_at, status, reporter_id)
           values ($1, 'litter', extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326), 'Utan historik', $4, 'new', $5)`,
          [fx.reportPlain, lon, lat, daysAgo(2).toISOString(), ID.resident],
        );
        await commit(api.supportReport, as('resident2'), { reportId: fx.reportPlain });
        fx.reportClosed = randomUUID();
        await commit(api.submitReport, as('resident'), {
          id: fx.reportClosed, category: 'graffiti', lon: HOME[0] - 0.004, lat: HOME[1] + 0.002,
          description: 'Klotter på muren', observedAt: daysAgo(20),
        });
        await commit(api.changeStatus, as('crew'), { reportId: fx.reportClosed, toStatus: 'resolved', note: 'Sanerat' });

        fx.openIds = (
          await db.query<{ id: string }>(
            `select id from app.reports where is_demo and status = 'new' and assigned_to is null order by observed_at desc, id limit 10`,
          )
        ).map((r) => r.id);

        // The demo development with most reports inside; another one gets two assessment versions.
        const devs = await commit(api.listDevelopments, as('planner'), {});
        const byInside = [...devs.items].sort((a, b) => b.reports_inside - a.reports_inside);
        fx.devWithReports = byInside[0]!.id;
        fx.devAssessed = byInside[1]!.id;
        await commit(api.saveAssessment, as('planner'), {
          developmentId: fx.devAssessed,
          factors: [{ factor: ASSESSMENT_FACTORS[0], rating: 4, note: 'Bra belysning', report_ids: fx.openIds.slice(0, 2) }],
        });
        await commit(api.saveAssessment, as('planner'), {
          developmentId: fx.devAssessed,
          factors: [{ factor: ASSESSMENT_FACTORS[0], rating: null, note: null, report_ids: [] }],
        });

        fx.proposed = randomUUID();
        await commit(api.saveMeasure, as('crew'), {
          id: fx.proposed,
          measure: { title: 'Trimma häcken', challenge: 'befintlig_stad', type: 'vegetation_trimming', geometry: { type: 'Point', coordinates: near(HOME, 2) } },
        });
        // A done demo measure whose counts are large enough for the client's verdict.
        const done = await db.query<{ id: string }>(`select id from app.measures where is_demo and status = 'done' order by done_date, id`);
        for (const { id } of done) {
          const e = await db.call<{ area: { before: number; after: number }; comparison: { before: number; after: number } }>(
            as('strategist'), 'measure_effect', { p_id: id },
          );
          const r = rateRatioEffect({ areaBefore: e.area.before, areaAfter: e.area.after, comparisonBefore: e.comparison.before, comparisonAfter: e.comparison.after });
          if (r.verdict !== 'too_few') {
            fx.doneComputed = id;
            break;
          }
        }
        if (!fx.doneComputed) throw new Error('no demo measure has counts large enough for a verdict');
      } catch (error) {
        setupError = error;
      }
    });

    it.each(phaseCases('filled'))('%s', async (_name, run) => {
      await run();
    });
  });

  it('parsed the real result of every contract', () => {
    expect(contracts.map((c) => c.name).filter((n) => !parsedOnce.has(n))).toEqual([]);
  });
});
