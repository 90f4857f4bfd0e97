import type { ReportsInView } from '../api';
import type { Backend } from '../backend';
import type { ReportsInViewState, Viewport } from '../features/browse';

/** The browse filter as the query key has it (dates as ISO strings). */
export type FilterKey = NonNullable<ReportsInViewState['filterKey']>;

/**
 * Reports on the map before the embedded database is ready (local mode).
 *
 * The engine takes seconds to open; the map's first view does not have to wait for it. Two early sources, both
 * exact answers of `api.reports_in_view` for a view and filter key, used only while the live query has no data:
 *
 * - **Shipped** (a first visit): `scripts/build-local-snapshot.mjs` asks the snapshot's own database, through the
 *   same contract the app calls, and writes `local-snapshot/first-view-cells.json` next to the snapshot. Two kinds
 *   of entries:
 *   - `all-data`: the answer for a box around every report, per cell exponent `k`. The cells are on a fixed grid and
 *     each cell's count and position come from the reports in it, so ANY view that contains every report and has
 *     the same `k` gets exactly this answer (the phone's first view fits all of Malmö, whatever the screen);
 *   - `exact`: the answer for one view key (the desktop start view at a known canvas size).
 *   Used only when no database is stored in this browser yet, i.e. the worker is about to load this very snapshot:
 *   a stored database may hold the resident's own reports, or come from an older snapshot. The filter key must be
 *   equal too; the default filter ('all' time) has no date in it, so days between the build and the visit do not
 *   matter (a time filter's key has the day in it and never matches).
 * - **Cached** (a later visit): the last live answers for a few view keys, in localStorage, for this browser's
 *   stored database. It can be one report behind (a report sent after it was cached); the live answer then replaces
 *   it, as it replaces everything early.
 *
 * Supabase mode ships nothing and caches nothing: the server answers over the network in well under a second, and
 * other people's reports change it all the time.
 */

export const FIRST_VIEW_CELLS_FILE = 'first-view-cells.json';

export interface ViewBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type ShippedEntry =
  | { scope: 'all-data'; k: number; filter: FilterKey; view: Viewport; result: ReportsInView }
  | { scope: 'exact'; filter: FilterKey; view: Viewport; result: ReportsInView };

export interface FirstViewCellsFile {
  version: 1;
  /** The snapshot's inputs hash (public/local-snapshot/manifest.json): the file belongs to that snapshot. */
  snapshot: string;
  /** app.grid_base_m(), for the cell exponent. */
  gridBaseM: number;
  /** The public positions of all reports, rounded outward: an `all-data` entry holds for views containing this box. */
  dataBounds: ViewBounds;
  entries: ShippedEntry[];
}

const R = 6378137.0;
const MAX_CELLS = 2000;
const mercatorX = (lon: number) => R * ((lon * Math.PI) / 180);
const mercatorY = (lat: number) => R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 180 / 2));
/** PostgreSQL's round(float8) (rint: halves to even). */
const rint = (x: number) => {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
};

/**
 * The cell exponent api.reports_in_view chooses for a view (its cell is grid_base_m · 2^k): the same arithmetic as
 * the SQL — k = round(16 − zoom) on 256-px tiles (MapLibre's zoom + 1), doubled until the view has at most 2000 cells.
 * The build checks it against the cell_m the database answers for every shipped entry.
 */
export function cellExponent(view: Viewport, gridBaseM: number): number {
  const x1 = mercatorX(view.west);
  const x2 = mercatorX(view.east);
  const y1 = mercatorY(Math.max(-85, Math.min(85, view.south)));
  const y2 = mercatorY(Math.max(-85, Math.min(85, view.north)));
  let k = rint(16 - Math.max(0, Math.min(24, view.zoom + 1)));
  let cell = gridBaseM * 2 ** k;
  const cells = () => (Math.floor(x2 / cell) - Math.floor(x1 / cell) + 1) * (Math.floor(y2 / cell) - Math.floor(y1 / cell) + 1);
  while (cells() > MAX_CELLS) {
    k += 1;
    cell *= 2;
  }
  return k;
}

const contains = (outer: ViewBounds, inner: ViewBounds) =>
  outer.west <= inner.west && outer.south <= inner.south && outer.east >= inner.east && outer.north >= inner.north;

export const keyOf = (view: Viewport, filter: FilterKey) => JSON.stringify({ view, filter });

/** The shipped answer for this view key and filter key, or null when none is exactly it. */
export function shippedFor(file: FirstViewCellsFile, view: Viewport, filter: FilterKey): ReportsInView | null {
  const filterJson = JSON.stringify(filter);
  const viewJson = JSON.stringify(view);
  const sameFilter = file.entries.filter((e) => JSON.stringify(e.filter) === filterJson);
  const exact = sameFilter.find((e) => e.scope === 'exact' && JSON.stringify(e.view) === viewJson);
  if (exact) return exact.result;
  if (!contains(view, file.dataBounds)) return null;
  const k = cellExponent(view, file.gridBaseM);
  return sameFilter.find((e) => e.scope === 'all-data' && e.k === k)?.result ?? null;
}

// ---- the cache of live answers (later visits) -----------------------------------------------------------------

const CACHE_KEY = 'trygghetskartan.map-cells.v1';
const CACHE_ENTRIES = 4;
/** Street-level answers can be large (and localStorage writes are synchronous); a first view is a few hundred cells. */
const CACHE_MAX_ITEMS = 1000;

interface CachedEntry {
  key: string;
  result: ReportsInView;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readCache(): CachedEntry[] {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(CACHE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as CachedEntry[]) : [];
  } catch {
    return [];
  }
}

export function cachedFor(view: Viewport, filter: FilterKey): ReportsInView | null {
  const key = keyOf(view, filter);
  return readCache().find((e) => e.key === key)?.result ?? null;
}

/** Keeps the live answer for this key (the most recent few keys). */
export function cacheLive(view: Viewport, filter: FilterKey, result: ReportsInView): void {
  if (result.items.length > CACHE_MAX_ITEMS) return;
  const key = keyOf(view, filter);
  const entries = [{ key, result }, ...readCache().filter((e) => e.key !== key)].slice(0, CACHE_ENTRIES);
  try {
    storage()?.setItem(CACHE_KEY, JSON.stringify(entries));
  } catch {
    // Full or unavailable storage: the next visit waits for the database, as before.
  }
}

// ---- loading ---------------------------------------------------------------------------------------------------

export type EarlySource = { kind: 'shipped'; file: FirstViewCellsFile } | { kind: 'cache' } | { kind: 'none' };

/** The IndexedDB database the local worker keeps its data directory in (local-worker.ts: `/pglite/<dataDir>`). */
const LOCAL_DATABASE = '/pglite/trygghetskartan';

/** Whether this browser already stores the local database: null when the browser cannot tell. */
async function storedDatabaseExists(): Promise<boolean | null> {
  try {
    if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
    return (await indexedDB.databases()).some((d) => d.name === LOCAL_DATABASE);
  } catch {
    return null;
  }
}

async function fetchJson(name: string): Promise<unknown> {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL ?? '/'}local-snapshot/${name}`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/**
 * The shipped file, if it belongs to the snapshot served beside it (the build writes both; the manifest names the
 * snapshot's inputs). Without a manifest to compare (it is not precached), the file's own word is taken.
 */
async function fetchShipped(): Promise<FirstViewCellsFile | null> {
  const [file, manifest] = (await Promise.all([fetchJson(FIRST_VIEW_CELLS_FILE), fetchJson('manifest.json')])) as [
    FirstViewCellsFile | null,
    { inputsHash?: string } | null,
  ];
  if (!file || file.version !== 1 || !Array.isArray(file.entries)) return null;
  if (manifest?.inputsHash && manifest.inputsHash !== file.snapshot) return null;
  return file;
}

/**
 * Asked when this module is evaluated — before main.tsx runs and starts the database worker — so "no database
 * stored" means the worker is about to load the snapshot the shipped file was made from. (Asked later, the worker
 * could have created its database already; the answer would then be "stored", and the cache, merely empty, used.)
 */
const storedAtStart = storedDatabaseExists();

let early: Promise<EarlySource> | null = null;

/** Which early source this page may use, decided once per page load. */
export function earlySource(backend: Pick<Backend, 'kind'>): Promise<EarlySource> {
  if (backend.kind !== 'local') return Promise.resolve({ kind: 'none' });
  early ??= (async () => {
    // The answer is in by now (asked at module evaluation); the file is fetched only for a first visit.
    const stored = await storedAtStart;
    if (stored === true) return { kind: 'cache' } as const;
    const file = stored === false ? await fetchShipped() : null;
    return file ? ({ kind: 'shipped', file } as const) : ({ kind: 'none' } as const);
  })();
  return early;
}

/** The early answer for this key from that source, or null. */
export function earlyAnswer(source: EarlySource, view: Viewport, filter: FilterKey): ReportsInView | null {
  if (source.kind === 'shipped') return shippedFor(source.file, view, filter);
  if (source.kind === 'cache') return cachedFor(view, filter);
  return null;
}
