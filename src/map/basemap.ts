import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { districtLayers, districtSources, KOMMUN_SOURCE } from './district-layers';

/** OpenFreeMap: free, keyless, OSM-based vector tiles. */
export const DEFAULT_BASEMAP_STYLE_URL = 'https://tiles.openfreemap.org/styles/positron';
export const BASEMAP_TIMEOUT_MS = 4000;

export type BasemapKind = 'online' | 'offline';
export interface BasemapChoice {
  kind: BasemapKind;
  style: StyleSpecification;
  /** Why the offline style was chosen; for logs and tests. */
  reason?: 'forced' | 'webdriver' | 'fetch-failed' | 'timeout' | 'invalid-style';
}

export interface BasemapEnv {
  VITE_BASEMAP_STYLE_URL?: string;
  VITE_OFFLINE_BASEMAP?: string;
}

export function basemapStyleUrl(env: BasemapEnv): string {
  return env.VITE_BASEMAP_STYLE_URL?.trim() || DEFAULT_BASEMAP_STYLE_URL;
}

export const SEA_COLOR = '#cddbe4';
export const LAND_COLOR = '#f3f1ec';

/**
 * Font stack for labels when the style has no glyph server. MapLibre 6 draws text with the browser's own
 * fonts (TinySDF) when a style has no `glyphs` URL, so labels need no network at all. The stack is used as
 * a CSS font-family, hence a generic family rather than a glyph-server font name.
 */
export const LOCAL_FONT = ['sans-serif'];

export interface OfflineStyleOptions {
  /** District names drawn with local fonts (see LOCAL_FONT). Off gives a style with no text at all. */
  labels?: boolean;
}

/**
 * A complete style from the bundled Malmö data only: sea-coloured background, the municipality as land,
 * district outlines and (by default) names. No glyphs URL and no sprite, so it never touches the network.
 * Note the background is also what shows over the neighbouring municipalities, which are land.
 */
export function offlineStyle(baseUrl: string, { labels = true }: OfflineStyleOptions = {}): StyleSpecification {
  return {
    version: 8,
    name: 'Trygghetskartan offline',
    sources: { ...districtSources(baseUrl) },
    layers: [
      { id: 'tk-background', type: 'background', paint: { 'background-color': SEA_COLOR } },
      { id: 'tk-land', type: 'fill', source: KOMMUN_SOURCE, paint: { 'fill-color': LAND_COLOR } },
      ...districtLayers({ textFont: labels ? LOCAL_FONT : null }),
    ],
  };
}

/**
 * The font stack for our own labels: one the basemap already uses (so its glyph server has it), or
 * LOCAL_FONT when the style has no glyph server (MapLibre then draws glyphs locally, without network).
 */
export function labelFont(style: Pick<StyleSpecification, 'glyphs' | 'layers'>): string[] {
  if (!style.glyphs) return LOCAL_FONT;
  for (const layer of style.layers) {
    if (layer.type !== 'symbol') continue;
    const font = layer.layout?.['text-font'];
    if (Array.isArray(font) && font.length > 0 && font.every((f) => typeof f === 'string')) {
      return font as string[];
    }
  }
  return ['Noto Sans Regular'];
}

/** True when a style credits its sources itself (OpenFreeMap's does); else we add an OSM credit. */
export function styleHasAttribution(style: Pick<StyleSpecification, 'sources'>): boolean {
  return Object.values(style.sources).some((s) => 'attribution' in s && Boolean(s.attribution));
}

export const ONLINE_FALLBACK_ATTRIBUTION =
  '<a href="https://openfreemap.org" target="_blank" rel="noopener">OpenFreeMap</a> ' +
  '<a href="https://www.openmaptiles.org/" target="_blank" rel="noopener">© OpenMapTiles</a> ' +
  'Data from <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>';

export function forcedOfflineReason(env: BasemapEnv, webdriver: boolean): BasemapChoice['reason'] | null {
  if (env.VITE_OFFLINE_BASEMAP === '1' || env.VITE_OFFLINE_BASEMAP === 'true') return 'forced';
  // Automated browsers (Playwright sets navigator.webdriver) must not depend on a tile server.
  if (webdriver) return 'webdriver';
  return null;
}

function looksLikeStyle(value: unknown): value is StyleSpecification {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { version?: unknown }).version === 8 &&
    Array.isArray((value as { layers?: unknown }).layers) &&
    typeof (value as { sources?: unknown }).sources === 'object'
  );
}

export interface ChooseBasemapOptions {
  env: BasemapEnv;
  baseUrl: string;
  webdriver?: boolean;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Fetch the online style up front (rather than handing MapLibre a URL) so that a dead network costs at most
 * `timeoutMs` before the offline style is shown, instead of a blank map.
 */
export async function chooseBasemap({
  env,
  baseUrl,
  webdriver = false,
  fetchImpl = globalThis.fetch,
  timeoutMs = BASEMAP_TIMEOUT_MS,
}: ChooseBasemapOptions): Promise<BasemapChoice> {
  const forced = forcedOfflineReason(env, webdriver);
  if (forced) return { kind: 'offline', style: offlineStyle(baseUrl), reason: forced };

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchImpl(basemapStyleUrl(env), { signal: controller.signal });
    if (!response.ok) return { kind: 'offline', style: offlineStyle(baseUrl), reason: 'fetch-failed' };
    const style: unknown = await response.json();
    if (!looksLikeStyle(style)) return { kind: 'offline', style: offlineStyle(baseUrl), reason: 'invalid-style' };
    return { kind: 'online', style };
  } catch {
    return { kind: 'offline', style: offlineStyle(baseUrl), reason: timedOut ? 'timeout' : 'fetch-failed' };
  } finally {
    clearTimeout(timer);
  }
}
