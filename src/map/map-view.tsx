import { useEffect, useId, useMemo, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AttributionControl,
  Map as MapLibreMap,
  setWorkerUrl,
  type GeoJSONSource,
  type MapMouseEvent,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map-view.css';
import type { FeatureCollection, Point } from 'geojson';
import {
  chooseBasemap,
  labelFont,
  LOCAL_FONT,
  offlineStyle,
  ONLINE_FALLBACK_ATTRIBUTION,
  styleHasAttribution,
  type BasemapKind,
} from './basemap';
import { dataUrl } from './data-url';
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
import { challengeIconId, challengeSymbol, CHALLENGES } from './palette';
import { PIN_SOURCE, pinGeoJSON, pinLayers, pinSources } from './pin-layers';
import { reportItemsToGeoJSON, type MapReportItem, type ReportFeatureProperties } from './report-items';
import {
  REPORT_HIT_LAYERS,
  REPORTS_SOURCE,
  reportLayers,
  reportSources,
  SELECTED_INNER_LAYER,
  SELECTED_OUTER_LAYER,
  selectedReportFilter,
  selectedReportLayers,
} from './report-layers';
import { LayerSwitcher, OverlayLegends } from './layer-switcher';
import type { LonLat, MapOverlay } from './overlay';
import { syncBuiltInGroups, syncOverlays } from './overlay-sync';
import { shapeIcon } from './shape-icons';
import {
  ARROW_DIRECTIONS,
  MAX_BOUNDS,
  MAX_ZOOM,
  MIN_ZOOM,
  PAN_STEP_PX,
  PIN_STEP_PX,
  PIN_STEP_SHIFT_PX,
  START_CENTER,
  START_ZOOM,
  stepPin,
} from './view';

// Under Vite the worker must be handed over as a URL, or MapLibre fails with "Worker failed to load".
setWorkerUrl(workerUrl);

export type { LonLat } from './overlay';

export interface MapViewState {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

export interface MapViewProps {
  items: ReadonlyArray<MapReportItem>;
  selectedId?: string | null;
  /** Debounced ~150 ms; also fired once after load. */
  onViewChange?: (view: MapViewState) => void;
  /** A single report (count = 1) was clicked. A cell (count > 1) click zooms in by 2 instead. */
  onReportClick?: (id: string) => void;
  pin?: LonLat | null;
  /** When true, a map click sets the pin and the arrow keys move it. */
  pinMode?: boolean;
  onPinChange?: (p: LonLat) => void;
  /** Enter while in pin mode and the map has focus. */
  onPinConfirm?: (p: LonLat) => void;
  /** Change `key` to fly again to the same place. */
  flyTo?: { lon: number; lat: number; zoom?: number; key: number } | null;
  highlightDistrictCode?: number | null;
  /** Layer groups from the features (hotspots, developments, measures …); see overlay.ts. */
  overlays?: ReadonlyArray<MapOverlay>;
  /** When set, a map click goes here (drawing, placing a measure) instead of selecting reports. */
  onMapClick?: ((p: LonLat) => void) | null;
  /** Change `key` to fit the map to [west, south, east, north] again. */
  fitBounds?: { bbox: [number, number, number, number]; key: number } | null;
  onLoad?: () => void;
  className?: string;
}

const VIEW_DEBOUNCE_MS = 150;
const NO_OVERLAYS: ReadonlyArray<MapOverlay> = [];
/** Extra pixels around a click when hit-testing reports, so small dots are easy to hit on touch screens. */
const HIT_PADDING_PX = 8;
const FLY_TO_DEFAULT_ZOOM = 15;

function viewOf(map: MapLibreMap): MapViewState {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom() };
}

/** Ids of the clickable layers of the visible overlays that exist on the map now. */
function interactiveLayers(m: MapLibreMap, overlays: ReadonlyArray<MapOverlay>): string[] {
  return overlays.flatMap((o) => (o.interactiveLayerIds ?? []).filter((id) => m.getLayer(id)));
}

function baseUrl(): string {
  return new URL(import.meta.env.BASE_URL ?? '/', window.location.href).href;
}

export function MapView(props: MapViewProps): JSX.Element {
  const {
    items,
    selectedId = null,
    pin = null,
    pinMode = false,
    flyTo = null,
    highlightDistrictCode = null,
    overlays = NO_OVERLAYS,
    onMapClick = null,
    fitBounds = null,
    className,
  } = props;
  const { t } = useTranslation('map');
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  /** The latest props, for map event handlers that are registered once. */
  const latest = useRef(props);
  const lastFlyKey = useRef<number | null>(null);
  /** Set by the mount effect: flies to `flyTo` once per key, when the map exists. */
  const flyToRef = useRef<() => void>(() => {});
  const [basemap, setBasemap] = useState<BasemapKind | null>(null);
  const [ready, setReady] = useState(false);
  const [lookup, setLookup] = useState<((lon: number, lat: number) => DistrictHit | null) | null>(null);
  const helpId = useId();
  /** Overlay and built-in group ids switched off in the layer switcher. */
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  /** Bumped on every style (re)load: overlays must be installed again. */
  const [styleVersion, setStyleVersion] = useState(0);
  const appliedOverlays = useRef(new Map<string, { data: unknown; layers: unknown; layerIds: string[] }>());
  const lastFitKey = useRef<number | null>(null);

  useEffect(() => {
    latest.current = props;
  });

  // Create the map once. Everything that depends on props is applied by the effects below, and again by
  // `installOverlays` whenever a style (re)loads, since a style swap drops our sources and layers.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let map: MapLibreMap | null = null;
    let viewTimer: ReturnType<typeof setTimeout> | undefined;
    const base = baseUrl();

    void fetch(dataUrl(base, DISTRICTS_FILE))
      .then((r) => (r.ok ? (r.json() as Promise<FeatureCollection>) : null))
      .then((fc) => {
        if (!cancelled && fc) setLookup(() => makeDistrictLookup(fc));
      })
      .catch(() => {
        // Without the lookup, the pin is announced by coordinates; nothing else depends on it.
      });

    void chooseBasemap({ env: import.meta.env, baseUrl: base, webdriver: navigator.webdriver === true }).then(
      (choice) => {
        if (cancelled) return;
        console.info(`[map] basemap: ${choice.kind}${choice.reason ? ` (${choice.reason})` : ''}`);
        let kind = choice.kind;
        let textFont = labelFont(choice.style);
        let firstIdle = false;
        const m = new MapLibreMap({
          container,
          style: choice.style,
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
          locale: {
            'Map.Title': t('maplibre.mapTitle'),
            'AttributionControl.ToggleAttribution': t('maplibre.toggleAttribution'),
          },
        });
        map = m;
        mapRef.current = m;
        m.touchZoomRotate.disableRotation();

        // The canvas is focusable by default; one tab stop (our container) is enough.
        const canvas = m.getCanvas();
        canvas.setAttribute('tabindex', '-1');
        canvas.removeAttribute('role');
        canvas.removeAttribute('aria-label');

        const attributionFor = (k: BasemapKind) =>
          new AttributionControl({
            compact: true,
            // OpenFreeMap's style credits OSM in its sources; a custom style may not, so we add the credit.
            customAttribution: k === 'online' && !styleHasAttribution(choice.style) ? ONLINE_FALLBACK_ATTRIBUTION : undefined,
          });
        let attribution = attributionFor(kind);
        m.addControl(attribution, 'bottom-right');
        setBasemap(kind);

        const fallBackToOffline = () => {
          if (kind === 'offline') return;
          kind = 'offline';
          textFont = LOCAL_FONT;
          setBasemap('offline');
          m.removeControl(attribution);
          attribution = attributionFor('offline');
          m.addControl(attribution, 'bottom-right');
          m.setStyle(offlineStyle(base), { diff: false });
        };

        const installOverlays = () => {
          const p = latest.current;
          for (const c of CHALLENGES) {
            const id = challengeIconId(c);
            if (!m.hasImage(id)) m.addImage(id, shapeIcon(challengeSymbol[c]), { pixelRatio: 2 });
          }
          // The offline style already contains the district sources and layers; the online one does not.
          if (!m.getSource(DISTRICTS_SOURCE)) {
            for (const [id, src] of Object.entries(districtSources(base))) m.addSource(id, src);
            // Outlines go under the basemap's labels so street names stay readable; our labels go on top.
            const firstLabel = m.getStyle().layers.find((l) => l.type === 'symbol')?.id;
            for (const layer of districtLayers({ textFont })) {
              m.addLayer(layer, layer.type === 'symbol' ? undefined : firstLabel);
            }
          }
          m.setFilter(DISTRICT_HIGHLIGHT_FILL, districtHighlightFilter(p.highlightDistrictCode));
          m.setFilter(DISTRICT_HIGHLIGHT_LINE, districtHighlightFilter(p.highlightDistrictCode));
          const reports = reportSources(reportItemsToGeoJSON(p.items));
          for (const [id, src] of Object.entries(reports)) m.addSource(id, src);
          for (const layer of reportLayers({ textFont })) m.addLayer(layer);
          for (const layer of selectedReportLayers(p.selectedId ?? null)) m.addLayer(layer);
          for (const [id, src] of Object.entries(pinSources(p.pin ?? null))) m.addSource(id, src);
          for (const layer of pinLayers()) m.addLayer(layer);
          appliedOverlays.current = new Map();
          setStyleVersion((v) => v + 1);
        };

        m.on('style.load', installOverlays);
        m.on('error', (e) => {
          // Only basemap trouble before the first settled frame switches basemaps; later errors (a lost tile
          // on a train) should not repaint the whole map, and our own sources failing is not the basemap's fault.
          const sourceId = (e as { sourceId?: string }).sourceId;
          if (firstIdle || (sourceId && sourceId.startsWith('tk-'))) return;
          console.warn('[map] online basemap failed, using the offline basemap', e.error);
          fallBackToOffline();
        });
        m.on('load', () => {
          latest.current.onViewChange?.(viewOf(m));
          applyFlyTo();
          latest.current.onLoad?.();
        });
        m.on('idle', () => {
          if (firstIdle) return;
          firstIdle = true;
          setReady(true);
        });
        m.on('moveend', () => {
          clearTimeout(viewTimer);
          viewTimer = setTimeout(() => latest.current.onViewChange?.(viewOf(m)), VIEW_DEBOUNCE_MS);
        });
        m.on('click', (e: MapMouseEvent) => {
          const p = latest.current;
          const lonLat = { lon: e.lngLat.lng, lat: e.lngLat.lat };
          if (p.pinMode) {
            p.onPinChange?.(lonLat);
            return;
          }
          if (p.onMapClick) {
            p.onMapClick(lonLat);
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
            const clickable = interactiveLayers(m, p.overlays ?? NO_OVERLAYS);
            const feature = clickable.length ? m.queryRenderedFeatures(e.point, { layers: clickable })[0] : undefined;
            const owner = feature && (p.overlays ?? NO_OVERLAYS).find((o) => feature.layer.id.startsWith(`${o.id}-`));
            owner?.onClick?.({ properties: { ...(feature!.properties ?? {}) }, layerId: feature!.layer.id, lonLat });
            return;
          }
          const fp = hit.properties as Partial<ReportFeatureProperties>;
          if (fp.single === 1 && fp.id) {
            p.onReportClick?.(fp.id);
          } else {
            const [lon, lat] = (hit.geometry as Point).coordinates as [number, number];
            m.easeTo({ center: [lon, lat], zoom: Math.min(m.getZoom() + 2, MAX_ZOOM) });
          }
        });
        m.on('mousemove', (e: MapMouseEvent) => {
          const p = latest.current;
          if (p.pinMode || p.onMapClick) return;
          const layers = [...REPORT_HIT_LAYERS.filter((id) => m.getLayer(id)), ...interactiveLayers(m, p.overlays ?? NO_OVERLAYS)];
          const over = layers.length > 0 && m.queryRenderedFeatures(e.point, { layers }).length > 0;
          m.getCanvas().style.cursor = over ? 'pointer' : '';
        });
      },
    );

    function applyFlyTo() {
      const target = latest.current.flyTo;
      const m = mapRef.current;
      if (!m || !target || target.key === lastFlyKey.current) return;
      lastFlyKey.current = target.key;
      // flyTo honours prefers-reduced-motion by itself (it jumps instead of animating).
      m.flyTo({ center: [target.lon, target.lat], zoom: target.zoom ?? Math.max(m.getZoom(), FLY_TO_DEFAULT_ZOOM) });
    }
    flyToRef.current = () => {
      applyFlyTo();
      const fit = latest.current.fitBounds;
      const m = mapRef.current;
      if (!m || !fit || fit.key === lastFitKey.current) return;
      lastFitKey.current = fit.key;
      const [w, s, e, n] = fit.bbox;
      m.fitBounds([[w, s], [e, n]], { padding: 40, maxZoom: 17 });
    };

    return () => {
      cancelled = true;
      clearTimeout(viewTimer);
      map?.remove();
      mapRef.current = null;
    };
    // The map is created once per mount; `t` is only read for the initial MapLibre UI strings.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    mapRef.current?.getSource<GeoJSONSource>(REPORTS_SOURCE)?.setData(reportItemsToGeoJSON(items));
  }, [items]);

  useEffect(() => {
    const m = mapRef.current;
    if (!m?.getLayer(SELECTED_OUTER_LAYER)) return;
    m.setFilter(SELECTED_OUTER_LAYER, selectedReportFilter(selectedId));
    m.setFilter(SELECTED_INNER_LAYER, selectedReportFilter(selectedId));
  }, [selectedId]);

  useEffect(() => {
    const m = mapRef.current;
    if (!m?.getLayer(DISTRICT_HIGHLIGHT_FILL)) return;
    m.setFilter(DISTRICT_HIGHLIGHT_FILL, districtHighlightFilter(highlightDistrictCode));
    m.setFilter(DISTRICT_HIGHLIGHT_LINE, districtHighlightFilter(highlightDistrictCode));
  }, [highlightDistrictCode]);

  const pinLon = pin?.lon;
  const pinLat = pin?.lat;
  useEffect(() => {
    const p = pinLon !== undefined && pinLat !== undefined ? { lon: pinLon, lat: pinLat } : null;
    mapRef.current?.getSource<GeoJSONSource>(PIN_SOURCE)?.setData(pinGeoJSON(p));
  }, [pinLon, pinLat]);

  useEffect(() => {
    flyToRef.current();
  }, [flyTo?.key, fitBounds?.key]);

  useEffect(() => {
    const m = mapRef.current;
    if (!m || styleVersion === 0) return;
    syncOverlays(m, overlays, hidden, appliedOverlays.current);
    syncBuiltInGroups(m, hidden);
  }, [overlays, hidden, styleVersion]);

  useEffect(() => {
    const m = mapRef.current;
    if (m) m.getCanvas().style.cursor = pinMode || onMapClick ? 'crosshair' : '';
  }, [pinMode, onMapClick, basemap]);

  const announcement = useMemo(() => {
    if (!pinMode || pinLon === undefined || pinLat === undefined) return '';
    const hit = lookup?.(pinLon, pinLat);
    return hit
      ? t('pin.inDistrict', { name: hit.name })
      : t('pin.at', { lat: pinLat.toFixed(5), lon: pinLon.toFixed(5) });
  }, [pinMode, pinLon, pinLat, lookup, t]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const m = mapRef.current;
    // Keys on controls inside the map (the attribution button) belong to them.
    if (!m || (e.target !== e.currentTarget && e.target !== m.getCanvas())) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const dir = ARROW_DIRECTIONS[e.key];
    const p = latest.current;

    if (p.pinMode && dir) {
      e.preventDefault();
      const start = p.pin ?? { lon: m.getCenter().lng, lat: m.getCenter().lat };
      const canvas = m.getCanvas();
      const { next, pan } = stepPin(
        m.project([start.lon, start.lat]),
        dir,
        e.shiftKey ? PIN_STEP_SHIFT_PX : PIN_STEP_PX,
        { width: canvas.clientWidth, height: canvas.clientHeight },
      );
      const ll = m.unproject([next.x, next.y]);
      p.onPinChange?.({ lon: ll.lng, lat: ll.lat });
      if (pan[0] !== 0 || pan[1] !== 0) m.panBy(pan, { duration: 0 });
      return;
    }
    if (p.pinMode && e.key === 'Enter') {
      e.preventDefault();
      const chosen = p.pin ?? { lon: m.getCenter().lng, lat: m.getCenter().lat };
      if (!p.pin) p.onPinChange?.(chosen);
      p.onPinConfirm?.(chosen);
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
      m.zoomTo(m.getZoom() - (e.key === '_' ? 2 : 1), { duration: 300 });
    }
  };

  return (
    <div className={className ? `tk-map-wrapper ${className}` : 'tk-map-wrapper'}>
      <div
        ref={containerRef}
        className="tk-map"
        tabIndex={0}
        // "application": the map takes the arrow keys itself, so screen readers should pass them through.
        role="application"
        aria-label={t('label')}
        aria-describedby={helpId}
        data-map-ready={ready ? 'true' : undefined}
        data-basemap={basemap ?? undefined}
        data-pin-mode={pinMode ? 'true' : undefined}
        onKeyDown={onKeyDown}
      />
      <p id={helpId} className="visually-hidden">
        {pinMode ? t('help.pin') : onMapClick ? t('help.draw') : t('help.browse')}
      </p>
      <LayerSwitcher
        overlays={overlays}
        hidden={hidden}
        onToggle={(id, show) =>
          setHidden((prev) => {
            const next = new Set(prev);
            if (show) next.delete(id);
            else next.add(id);
            return next;
          })
        }
      />
      <OverlayLegends overlays={overlays} hidden={hidden} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
