import {
  AttributionControl,
  Map as MapLibreMap,
  setWorkerUrl,
  type GeoJSONSource,
  type MapMouseEvent,
  type StyleSpecification,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Point } from 'geojson';
import { chooseBasemap, labelFont, offlineStyle, ONLINE_FALLBACK_ATTRIBUTION, styleHasAttribution, type BasemapKind } from './basemap';
import { loadDataFile } from './data-url';
import { HIDES_REPORTS } from './hotspot-layers';
import { makeDistrictLookup, type DistrictHit } from './district-lookup';
import {
  DISTRICT_HIGHLIGHT_FILL,
  DISTRICT_HIGHLIGHT_LINE,
  DISTRICTS_FILE,
  DISTRICTS_SOURCE,
  districtHighlightFilter,
  districtLayers,
  districtSources,
} from './district-layers';
import type { LonLat, MapOverlay } from './overlay';
import { syncBuiltInGroups, syncOverlays } from './overlay-sync';
import { CHALLENGE_SHAPES, shapeIconId } from './palette';
import { LOCATED_SOURCE, locatedLayers, PIN_LAYER_IDS, PIN_SOURCE, pinGeoJSON, pinLayers, pinSources } from './pin-layers';
import { reportItemsToGeoJSON, type MapReportItem, type ReportFeatureProperties } from './report-items';
import {
  challengeColorExpression,
  challengeIconExpression,
  REPORT_HIT_LAYERS,
  REPORTS_CIRCLE_LAYER,
  REPORTS_SHAPE_LAYER,
  REPORTS_SOURCE,
  reportLayers,
  reportSources,
  SELECTED_INNER_LAYER,
  SELECTED_OUTER_LAYER,
  selectedReportFilter,
  selectedReportLayers,
} from './report-layers';
import { shapeIcon } from './shape-icons';
import {
  ARROW_DIRECTIONS,
  FLY_TO_MAX_DURATION_MS,
  FLY_TO_MAX_ZOOM,
  MAX_BOUNDS,
  MAX_ZOOM,
  MIN_ZOOM,
  PAN_STEP_PX,
  PIN_CONFIRM_MIN_ZOOM,
  PIN_STEP_PX,
  PIN_STEP_SHIFT_PX,
  PIN_ZOOM_IN_TO,
  START_CENTER,
  START_ZOOM,
  stepPin,
} from './view';

// Under Vite the worker must be handed over as a URL, or MapLibre fails with "Worker failed to load".
setWorkerUrl(workerUrl);

export interface MapViewState {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

/** What the controller tells its listeners. */
export interface MapEvents {
  /** The visible area; debounced ~150 ms after a move, and once after load. */
  view: MapViewState;
  load: undefined;
  /** A single report (count = 1) was clicked. A cell (count > 1) click zooms in by 2 instead. */
  reportClick: string;
  /** In pin mode: a map click or an arrow key moved the pin. The owner decides whether to `setPin`. */
  pinChange: LonLat;
  /** In pin mode: Enter on the focused map. */
  pinConfirm: LonLat;
}

/** What the React wrapper shows around the canvas (readiness, the layer switcher, the help text, the live region). */
export interface MapUiState {
  /** True after the first `idle`. */
  ready: boolean;
  basemap: BasemapKind | null;
  pinMode: boolean;
  /** A click handler (drawing, placing) takes map clicks. */
  capturingClicks: boolean;
  pin: LonLat | null;
  /** The delområde under the pin; null outside Malmö or before the district file has loaded. */
  pinDistrict: DistrictHit | null;
  /** Enter was pressed too far out to place the pin precisely: the map zoomed in; Enter again confirms. */
  pinZoomedIn: boolean;
  /** Space kept free around the map's centre (a bottom sheet over the map), in CSS pixels. */
  padding: MapPadding;
  /** Every owner's overlays, in drawing order (bottom first). */
  overlays: ReadonlyArray<MapOverlay>;
  /** Overlay and built-in group ids switched off in the layer switcher. */
  hidden: ReadonlySet<string>;
}

export interface MapPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
const NO_PADDING: MapPadding = { top: 0, right: 0, bottom: 0, left: 0 };

export interface MapControllerOptions {
  /** Drawing order of overlay owners, bottom first; owners not listed go on top in the order they arrive. */
  ownerOrder?: readonly string[];
}

export interface MountOptions {
  /** MapLibre's own UI strings, translated. */
  locale: Record<string, string>;
}

type Listener<T> = (value: T) => void;

const VIEW_DEBOUNCE_MS = 150;
/** Extra pixels around a click when hit-testing reports, so small dots are easy to hit on touch screens. */
const HIT_PADDING_PX = 8;
const FLY_TO_DEFAULT_ZOOM = 15;
const NO_ITEMS: ReadonlyArray<MapReportItem> = [];

function viewOf(map: MapLibreMap): MapViewState {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom() };
}

function baseUrl(): string {
  return new URL(import.meta.env.BASE_URL ?? '/', window.location.href).href;
}

/**
 * Owns one MapLibre map and everything on it: the basemap (with its fallback), the report, district and pin
 * layers, the features' overlays, the keyboard and the pointer. Callers set state with methods and listen to
 * events; the state is kept here, so it may be set before the map exists and is installed again after every
 * style (re)load, which drops all our sources and layers. React renders only the chrome around it (`MapView`).
 */
export class MapController {
  private readonly ownerOrder: readonly string[];
  private readonly listeners = new Map<keyof MapEvents, Set<Listener<never>>>();
  private readonly uiListeners = new Set<() => void>();

  // What callers set; applied whenever the map is (re)installed.
  private items: ReadonlyArray<MapReportItem> = NO_ITEMS;
  /** The period's challenges in order (reference data): a report's colour and shape follow its position here. */
  private challenges: readonly string[] = [];
  private selectedId: string | null = null;
  private highlightDistrict: number | null = null;
  private pin: LonLat | null = null;
  private pinMode = false;
  private pinZoomedIn = false;
  private padding: MapPadding = NO_PADDING;
  /** Where the last flight went while a report was selected ("Visa på kartan"): marked until the selection changes. */
  private located: LonLat | null = null;
  private clickHandler: ((p: LonLat) => void) | null = null;
  private readonly overlaysByOwner = new Map<string, ReadonlyArray<MapOverlay>>();
  private overlays: ReadonlyArray<MapOverlay> = [];
  private hidden: ReadonlySet<string> = new Set();
  private reportsUnderOverlay = false;
  private restoreReports = false;
  /** A flight or fit asked for before the map has loaded: done on load. */
  private pendingCamera: ((m: MapLibreMap) => void) | null = null;

  // The map and what it currently carries.
  private map: MapLibreMap | null = null;
  private container: HTMLElement | null = null;
  private mountId = 0;
  private loaded = false;
  private ready = false;
  private basemap: BasemapKind | null = null;
  private onlineStyle: StyleSpecification | null = null;
  private attribution: AttributionControl | null = null;
  /** Set when our sources and layers are on the current style. */
  private installed = false;
  private applied = new Map<string, { data: unknown; layers: unknown; layerIds: string[] }>();
  private viewTimer: ReturnType<typeof setTimeout> | undefined;
  private lookup: ((lon: number, lat: number) => DistrictHit | null) | null = null;
  private ui: MapUiState;

  constructor({ ownerOrder = [] }: MapControllerOptions = {}) {
    this.ownerOrder = ownerOrder;
    this.ui = this.makeUiState();
  }

  // ---- events --------------------------------------------------------------------------------------------

  on<K extends keyof MapEvents>(type: K, listener: Listener<MapEvents[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  private emit<K extends keyof MapEvents>(type: K, value: MapEvents[K]): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as Listener<MapEvents[K]>)(value);
  }

  /** For `useSyncExternalStore`: called whenever `getUiState()` changes. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.uiListeners.add(onChange);
    return () => this.uiListeners.delete(onChange);
  };

  /** The same object until something shown around the map changes. */
  readonly getUiState = (): MapUiState => this.ui;

  private makeUiState(): MapUiState {
    return {
      ready: this.ready,
      basemap: this.basemap,
      pinMode: this.pinMode,
      capturingClicks: this.clickHandler !== null,
      pin: this.pin,
      pinDistrict: this.pin ? (this.lookup?.(this.pin.lon, this.pin.lat) ?? null) : null,
      pinZoomedIn: this.pinZoomedIn,
      padding: this.padding,
      overlays: this.overlays,
      hidden: this.hidden,
    };
  }

  private uiChanged(): void {
    this.ui = this.makeUiState();
    for (const listener of this.uiListeners) listener();
  }

  // ---- state ---------------------------------------------------------------------------------------------

  setReports(items: ReadonlyArray<MapReportItem>): void {
    if (items === this.items) return;
    this.items = items;
    this.map?.getSource<GeoJSONSource>(REPORTS_SOURCE)?.setData(reportItemsToGeoJSON(items));
    // The shown report's own dot (with its selection ring) has arrived: the stand-in mark goes.
    if (this.located && items.some((it) => it[4] !== null && it[4] === this.selectedId && it[2] === 1)) this.setLocated(null);
  }

  /**
   * The challenges reports are drawn by, in the period's order (`challengeCodes` of the reference data). The shell
   * sets it from the shipped reference data at start and from the database's once it arrives; a code not in the
   * list is drawn grey with no shape.
   */
  setChallenges(codes: readonly string[]): void {
    if (codes.length === this.challenges.length && codes.every((c, i) => c === this.challenges[i])) return;
    this.challenges = [...codes];
    const m = this.map;
    if (!m?.getLayer(REPORTS_CIRCLE_LAYER)) return;
    m.setPaintProperty(REPORTS_CIRCLE_LAYER, 'circle-color', challengeColorExpression(this.challenges));
    if (m.getLayer(REPORTS_SHAPE_LAYER)) m.setLayoutProperty(REPORTS_SHAPE_LAYER, 'icon-image', challengeIconExpression(this.challenges));
  }

  setSelectedReport(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.setLocated(null);
    const m = this.map;
    if (!m?.getLayer(SELECTED_OUTER_LAYER)) return;
    m.setFilter(SELECTED_OUTER_LAYER, selectedReportFilter(id));
    m.setFilter(SELECTED_INNER_LAYER, selectedReportFilter(id));
  }

  setHighlightedDistrict(code: number | null): void {
    if (code === this.highlightDistrict) return;
    this.highlightDistrict = code;
    const m = this.map;
    if (!m?.getLayer(DISTRICT_HIGHLIGHT_FILL)) return;
    m.setFilter(DISTRICT_HIGHLIGHT_FILL, districtHighlightFilter(code));
    m.setFilter(DISTRICT_HIGHLIGHT_LINE, districtHighlightFilter(code));
  }

  /** The report pin shown on the map (null: none). */
  setPin(pin: LonLat | null): void {
    if (pin?.lon === this.pin?.lon && pin?.lat === this.pin?.lat) return;
    this.pin = pin ? { lon: pin.lon, lat: pin.lat } : null;
    this.map?.getSource<GeoJSONSource>(PIN_SOURCE)?.setData(pinGeoJSON(this.pin));
    this.uiChanged();
  }

  /** When on, a map click sets the pin and the arrow keys move it (`pinChange`); Enter confirms (`pinConfirm`). */
  setPinMode(on: boolean): void {
    if (on === this.pinMode) return;
    this.pinMode = on;
    this.pinZoomedIn = false;
    this.applyCursor();
    this.uiChanged();
  }

  /** A map click goes to `handler` (drawing, placing a measure) instead of selecting reports; null releases. */
  setClickHandler(handler: ((p: LonLat) => void) | null): void {
    if (handler === this.clickHandler) return;
    const changed = (handler === null) !== (this.clickHandler === null);
    this.clickHandler = handler;
    this.applyCursor();
    if (changed) this.uiChanged();
  }

  /** Replaces one owner's overlays (a staff area, the public measures …); all owners' overlays are shown together. */
  setOverlays(owner: string, overlays: ReadonlyArray<MapOverlay>): void {
    if (this.overlaysByOwner.get(owner) === overlays) return;
    this.overlaysByOwner.set(owner, overlays);
    const listed = this.ownerOrder.filter((o) => this.overlaysByOwner.has(o));
    const others = [...this.overlaysByOwner.keys()].filter((o) => !this.ownerOrder.includes(o));
    this.overlays = [...listed, ...others].flatMap((o) => this.overlaysByOwner.get(o) ?? []);
    this.hideReportsUnderOverlays();
    this.syncOverlays();
    this.uiChanged();
  }

  /**
   * A shown overlay with a layer marked HIDES_REPORTS (the crew's hexagons: the reports counted) hides the report
   * symbols, as unticking them in the layer switcher would: the switcher shows it, the user may tick them back, and
   * they come back when no such overlay is shown (unless the user had hidden them before).
   */
  private hideReportsUnderOverlays(): void {
    const hides = this.overlays.some(
      (o) => !this.hidden.has(o.id) && o.layers.some((l) => (l.metadata as Record<string, unknown> | undefined)?.[HIDES_REPORTS] === true),
    );
    if (hides === this.reportsUnderOverlay) return;
    this.reportsUnderOverlay = hides;
    const next = new Set(this.hidden);
    if (hides) {
      this.restoreReports = !next.has('reports');
      next.add('reports');
    } else if (this.restoreReports) {
      this.restoreReports = false;
      next.delete('reports');
    }
    this.hidden = next;
  }

  /** Shows or hides an overlay or a built-in group ('reports', 'districts'): the layer switcher's checkboxes. */
  setLayerVisible(id: string, visible: boolean): void {
    if (this.hidden.has(id) === !visible) return;
    const next = new Set(this.hidden);
    if (visible) next.delete(id);
    else next.add(id);
    this.hidden = next;
    // The user's own choice for the reports stands; hiding or showing the hexagons may hide or bring them back.
    if (id === 'reports') this.restoreReports = false;
    else this.hideReportsUnderOverlays();
    this.syncOverlays();
    this.uiChanged();
  }

  // ---- camera --------------------------------------------------------------------------------------------

  /**
   * Flies to a place; without a zoom, to at least street level; never closer than street level, and never for
   * long (a long flight jumps). With a report selected ("Visa på kartan") the place is marked at once, before
   * the reports of the new view have loaded. Before load, done on load.
   */
  flyTo(target: LonLat & { zoom?: number }): void {
    if (this.selectedId) this.setLocated({ lon: target.lon, lat: target.lat });
    // flyTo honours prefers-reduced-motion by itself (it jumps instead of animating).
    this.camera((m) =>
      m.flyTo({
        center: [target.lon, target.lat],
        zoom: Math.min(target.zoom ?? Math.max(m.getZoom(), FLY_TO_DEFAULT_ZOOM), FLY_TO_MAX_ZOOM),
        maxDuration: FLY_TO_MAX_DURATION_MS,
      }),
    );
  }

  /**
   * Keeps this much of the map free around its centre (e.g. the part a bottom sheet covers): flights, the pin's
   * zoom-in and the keyboard crosshair then centre in the part that is visible.
   */
  setPadding(padding: MapPadding): void {
    const p = this.padding;
    if (p.top === padding.top && p.right === padding.right && p.bottom === padding.bottom && p.left === padding.left) return;
    this.padding = { ...padding };
    this.map?.setPadding(this.padding);
    this.uiChanged();
  }

  private setLocated(at: LonLat | null): void {
    if (at?.lon === this.located?.lon && at?.lat === this.located?.lat) return;
    this.located = at;
    this.map?.getSource<GeoJSONSource>(LOCATED_SOURCE)?.setData(pinGeoJSON(at));
  }

  /**
   * Fits the map to [west, south, east, north]. Before load, done on load. Until the first frame has settled it
   * jumps: an animated first fit (the phone's whole-Malmö view) only delays the moment the map can be used.
   */
  fitBounds(bbox: [number, number, number, number]): void {
    const [w, s, e, n] = bbox;
    this.camera((m) => m.fitBounds([[w, s], [e, n]], { padding: 40, maxZoom: 17, animate: this.ready }));
  }

  private camera(move: (m: MapLibreMap) => void): void {
    if (this.map && this.loaded) move(this.map);
    else this.pendingCamera = move;
  }

  // ---- basemap -------------------------------------------------------------------------------------------

  /**
   * Swaps the basemap. 'online' works only when the online style loaded at mount. Our sources and layers are
   * installed again on the new style's `style.load`.
   */
  setBasemap(kind: BasemapKind): void {
    const m = this.map;
    if (!m || kind === this.basemap || !this.container) return;
    const style = kind === 'offline' ? offlineStyle(baseUrl()) : this.onlineStyle;
    if (!style) return;
    this.basemap = kind;
    this.setAttribution(m, kind, style);
    this.installed = false;
    m.setStyle(style, { diff: false });
    this.uiChanged();
  }

  private setAttribution(m: MapLibreMap, kind: BasemapKind, style: StyleSpecification): void {
    if (this.attribution) m.removeControl(this.attribution);
    this.attribution = new AttributionControl({
      compact: true,
      // OpenFreeMap's style credits OSM in its sources; a custom style may not, so we add the credit.
      customAttribution: kind === 'online' && !styleHasAttribution(style) ? ONLINE_FALLBACK_ATTRIBUTION : undefined,
    });
    m.addControl(this.attribution, 'bottom-right');
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------

  /**
   * Creates the MapLibre map in `container` (after choosing a basemap, so asynchronously). The state set so far
   * is installed on load. `destroy()` removes the map again; the controller keeps its state and may mount again.
   */
  mount(container: HTMLElement, { locale }: MountOptions): void {
    this.destroy();
    const id = ++this.mountId;
    const base = baseUrl();
    this.container = container;
    container.addEventListener('keydown', this.onKeyDown);

    if (!this.lookup) {
      void loadDataFile(DISTRICTS_FILE)
        .then((fc) => {
          if (this.lookup) return;
          this.lookup = makeDistrictLookup(fc);
          this.uiChanged();
        })
        .catch(() => {
          // Without the lookup, the pin is announced by coordinates; nothing else depends on it.
        });
    }

    void chooseBasemap({ env: import.meta.env, baseUrl: base, webdriver: navigator.webdriver === true }).then((choice) => {
      if (id !== this.mountId) return;
      console.info(`[map] basemap: ${choice.kind}${choice.reason ? ` (${choice.reason})` : ''}`);
      if (choice.kind === 'online') this.onlineStyle = choice.style;
      this.createMap(container, choice.kind, choice.style, locale);
    });
  }

  /** Removes the map, its listeners and timers. Safe to call twice; `mount` may follow. */
  destroy(): void {
    this.mountId += 1;
    clearTimeout(this.viewTimer);
    this.container?.removeEventListener('keydown', this.onKeyDown);
    this.container = null;
    this.map?.remove();
    this.map = null;
    this.attribution = null;
    this.loaded = false;
    this.installed = false;
    this.applied = new Map();
    if (this.ready || this.basemap) {
      this.ready = false;
      this.basemap = null;
      this.uiChanged();
    }
  }

  private createMap(container: HTMLElement, kind: BasemapKind, style: StyleSpecification, locale: Record<string, string>) {
    const m = new MapLibreMap({
      container,
      style,
      center: START_CENTER,
      zoom: START_ZOOM,
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
      maxBounds: MAX_BOUNDS,
      attributionControl: false,
      // Keys are handled on our focusable container (see onKeyDown), so that pin mode can take the arrows.
      keyboard: false,
      // A safety map has no use for rotation, and a rotated map confuses "north" in announcements.
      dragRotate: false,
      touchPitch: false,
      locale,
    });
    this.map = m;
    this.basemap = kind;
    m.touchZoomRotate.disableRotation();
    m.setPadding(this.padding);

    // The canvas is focusable by default; one tab stop (our container) is enough.
    const canvas = m.getCanvas();
    canvas.setAttribute('tabindex', '-1');
    canvas.removeAttribute('role');
    canvas.removeAttribute('aria-label');
    this.setAttribution(m, kind, style);
    this.uiChanged();

    let firstIdle = false;
    m.on('style.load', () => this.install(m));
    m.on('error', (e) => {
      // Only basemap trouble before the first settled frame switches basemaps; later errors (a lost tile on a
      // train) should not repaint the whole map, and our own sources failing is not the basemap's fault.
      const sourceId = (e as { sourceId?: string }).sourceId;
      if (firstIdle || (sourceId && sourceId.startsWith('tk-')) || this.basemap === 'offline') return;
      console.warn('[map] online basemap failed, using the offline basemap', e.error);
      this.setBasemap('offline');
    });
    m.on('load', () => {
      this.loaded = true;
      this.emit('view', viewOf(m));
      const pending = this.pendingCamera;
      this.pendingCamera = null;
      pending?.(m);
      this.emit('load', undefined);
    });
    m.on('idle', () => {
      if (firstIdle) return;
      firstIdle = true;
      this.ready = true;
      this.uiChanged();
    });
    m.on('moveend', () => {
      clearTimeout(this.viewTimer);
      this.viewTimer = setTimeout(() => this.emit('view', viewOf(m)), VIEW_DEBOUNCE_MS);
    });
    m.on('click', (e) => this.onClick(m, e));
    m.on('mousemove', (e) => this.onPointerMove(m, e));
  }

  /** Puts our images, sources and layers on a freshly loaded style, with the current state. */
  private install(m: MapLibreMap): void {
    const textFont = labelFont(m.getStyle());
    for (const shape of CHALLENGE_SHAPES) {
      const id = shapeIconId(shape);
      if (!m.hasImage(id)) m.addImage(id, shapeIcon(shape), { pixelRatio: 2 });
    }
    // The offline style already contains the district sources and layers; the online one does not.
    if (!m.getSource(DISTRICTS_SOURCE)) {
      for (const [id, src] of Object.entries(districtSources(baseUrl()))) m.addSource(id, src);
      // Outlines go under the basemap's labels so street names stay readable; our labels go on top.
      const firstLabel = m.getStyle().layers.find((l) => l.type === 'symbol')?.id;
      for (const layer of districtLayers({ textFont })) m.addLayer(layer, layer.type === 'symbol' ? undefined : firstLabel);
    }
    m.setFilter(DISTRICT_HIGHLIGHT_FILL, districtHighlightFilter(this.highlightDistrict));
    m.setFilter(DISTRICT_HIGHLIGHT_LINE, districtHighlightFilter(this.highlightDistrict));
    for (const [id, src] of Object.entries(reportSources(reportItemsToGeoJSON(this.items)))) m.addSource(id, src);
    for (const layer of reportLayers({ textFont, challenges: this.challenges })) m.addLayer(layer);
    for (const layer of selectedReportLayers(this.selectedId)) m.addLayer(layer);
    m.addSource(LOCATED_SOURCE, { type: 'geojson', data: pinGeoJSON(this.located) });
    for (const layer of locatedLayers()) m.addLayer(layer);
    for (const [id, src] of Object.entries(pinSources(this.pin))) m.addSource(id, src);
    for (const layer of pinLayers()) m.addLayer(layer);
    this.applied = new Map();
    this.installed = true;
    this.syncOverlays();
    this.applyCursor();
  }

  private syncOverlays(): void {
    const m = this.map;
    if (!m || !this.installed) return;
    syncOverlays(m, this.overlays, this.hidden, this.applied);
    syncBuiltInGroups(m, this.hidden);
    // The report pin stays on top of everything, whatever an overlay added after it.
    for (const id of PIN_LAYER_IDS) if (m.getLayer(id)) m.moveLayer(id);
  }

  private applyCursor(): void {
    if (this.map) this.map.getCanvas().style.cursor = this.pinMode || this.clickHandler ? 'crosshair' : '';
  }

  // ---- input ---------------------------------------------------------------------------------------------

  /** Ids of the clickable layers of the overlays that exist on the map now. */
  private interactiveLayers(m: MapLibreMap): string[] {
    return this.overlays.flatMap((o) => (o.interactiveLayerIds ?? []).filter((id) => m.getLayer(id)));
  }

  private onClick(m: MapLibreMap, e: MapMouseEvent): void {
    const lonLat = { lon: e.lngLat.lng, lat: e.lngLat.lat };
    if (this.pinMode) {
      this.emit('pinChange', lonLat);
      return;
    }
    if (this.clickHandler) {
      this.clickHandler(lonLat);
      return;
    }
    const { x, y } = e.point;
    const box: [[number, number], [number, number]] = [
      [x - HIT_PADDING_PX, y - HIT_PADDING_PX],
      [x + HIT_PADDING_PX, y + HIT_PADDING_PX],
    ];
    const reportLayersShown = REPORT_HIT_LAYERS.filter((id) => m.getLayer(id));
    const hit = reportLayersShown.length ? m.queryRenderedFeatures(box, { layers: reportLayersShown })[0] : undefined;
    if (!hit) {
      // No report under the click: the topmost clickable overlay feature, if any.
      const clickable = this.interactiveLayers(m);
      const feature = clickable.length ? m.queryRenderedFeatures(e.point, { layers: clickable })[0] : undefined;
      if (!feature) return;
      const owner = this.overlays.find((o) => feature.layer.id.startsWith(`${o.id}-`));
      owner?.onClick?.({ properties: { ...(feature.properties ?? {}) }, layerId: feature.layer.id, lonLat });
      return;
    }
    const fp = hit.properties as Partial<ReportFeatureProperties>;
    if (fp.single === 1 && fp.id) {
      this.emit('reportClick', fp.id);
    } else {
      const [lon, lat] = (hit.geometry as Point).coordinates as [number, number];
      m.easeTo({ center: [lon, lat], zoom: Math.min(m.getZoom() + 2, MAX_ZOOM) });
    }
  }

  private onPointerMove(m: MapLibreMap, e: MapMouseEvent): void {
    if (this.pinMode || this.clickHandler) return;
    const layers = [...REPORT_HIT_LAYERS.filter((id) => m.getLayer(id)), ...this.interactiveLayers(m)];
    const over = layers.length > 0 && m.queryRenderedFeatures(e.point, { layers }).length > 0;
    m.getCanvas().style.cursor = over ? 'pointer' : '';
  }

  /** On the focusable container: arrows pan (or move the pin), +/- zoom, Enter confirms the pin. */
  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const m = this.map;
    // Keys on controls inside the map (the attribution button) belong to them.
    if (!m || (e.target !== e.currentTarget && e.target !== m.getCanvas())) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const dir = ARROW_DIRECTIONS[e.key];

    if (this.pinMode && dir) {
      e.preventDefault();
      const start = this.pin ?? { lon: m.getCenter().lng, lat: m.getCenter().lat };
      const canvas = m.getCanvas();
      const { next, pan } = stepPin(
        m.project([start.lon, start.lat]),
        dir,
        e.shiftKey ? PIN_STEP_SHIFT_PX : PIN_STEP_PX,
        { width: canvas.clientWidth, height: canvas.clientHeight },
      );
      const ll = m.unproject([next.x, next.y]);
      this.emit('pinChange', { lon: ll.lng, lat: ll.lat });
      if (pan[0] !== 0 || pan[1] !== 0) m.panBy(pan, { duration: 0 });
      return;
    }
    if (this.pinMode && e.key === 'Enter') {
      e.preventDefault();
      const chosen = this.pin ?? { lon: m.getCenter().lng, lat: m.getCenter().lat };
      if (!this.pin) this.emit('pinChange', chosen);
      if (!this.pinZoomedIn && m.getZoom() < PIN_CONFIRM_MIN_ZOOM - 0.01) {
        // Too far out to have meant this exact spot: zoom in around it; the next Enter confirms (also while the
        // zoom is still under way).
        m.easeTo({ center: [chosen.lon, chosen.lat], zoom: PIN_ZOOM_IN_TO, duration: 300 });
        this.pinZoomedIn = true;
        this.uiChanged();
        return;
      }
      this.pinZoomedIn = false;
      this.uiChanged();
      this.emit('pinConfirm', chosen);
      return;
    }
    if (dir) {
      e.preventDefault();
      const step = e.shiftKey ? PAN_STEP_PX * 3 : PAN_STEP_PX;
      m.panBy([dir[0] * step, dir[1] * step], { duration: 300 });
      return;
    }
    if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      m.zoomTo(m.getZoom() + (e.shiftKey && e.key === '=' ? 2 : 1), { duration: 300 });
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      if (this.pinZoomedIn) {
        this.pinZoomedIn = false; // zoomed out again: the next Enter far out zooms in again
        this.uiChanged();
      }
      m.zoomTo(m.getZoom() - (e.key === '_' ? 2 : 1), { duration: 300 });
    }
  };
}
