import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestSheetFit } from '../../hooks/sheet-fit';
import type { MapOverlay } from '../../map';
import { densityLayers } from '../../map/density-layers';
import { emergingLayers, hotspotLayers } from '../../map/hotspot-layers';
import { CellDetail } from './cell-detail';
import { FieldReport } from './field-report';
import { HotspotSection } from './hotspot-section';
import { DensityLegend, EmergingLegend, FieldMarkerLegend, HotspotLegend, WorkListLegend } from './legend';
import { fieldMarkerLayers, pointGeoJSON, selectedCellGeoJSON, selectedCellLayers, workListGeoJSON, workListLayers } from './lib/crew-layers';
import { cellCentresWeighted, densityGeoJSON, emergingGeoJSON, hotspotGeoJSON } from './lib/hotspot-geojson';
import { isOwn } from './lib/own-changes';
import { CrewOutboxPanel } from './outbox-view';
import { useAnalysis, type HotspotParams } from './use-analysis';
import { WorkListSection } from './work-list-section';
import './crew.css';
import type { StaffPanelProps } from '../../contracts/staff-panel';
import { sharedHotspotClient } from '../../analysis/worker';
import type { WorkItem } from '../../api';
import type { ReportChange } from '../../backend';
import { queryKey, useMalmoBoundary, useReportsChanged } from '../../hooks';
import { nameOf, toLang } from '../../ui';

/** Our own writes arrive back through Realtime; they are already in the cache (patched). */
const ownChange = (change: ReportChange) => isOwn(change.id);


type Section = 'list' | 'hotspots' | 'field';
const SECTIONS: Section[] = ['list', 'hotspots', 'field'];

function sectionOf(subPath: string): Section {
  const first = subPath.split('/')[0];
  return first === 'hotspots' || first === 'field' ? first : 'list';
}

/** "Arbetslista": the crew's work list, hot spots (Gi*, FDR, emerging, density) and field reports. */
export function CrewPanel(props: StaffPanelProps) {
  const { backend, reference, ready, onOverlays, onNavigate } = props;
  const { t, i18n } = useTranslation('crew');
  const section = sectionOf(props.subPath);
  // The study area: the grid covers Malmö's land, zeros included.
  const boundary = useMalmoBoundary();
  const area = boundary.data?.geometry;
  const [params, setParams] = useState<HotspotParams | null>(null);
  const analysis = useAnalysis(backend, area, params);
  const [selectedCell, setSelectedCell] = useState<{ q: number; r: number } | null>(null);
  const [densityOn, setDensityOn] = useState(false);
  const [emergingOn, setEmergingOn] = useState(false);
  // The work list on the map ("Visa på kartan"); on a phone the map is then shown instead of the list.
  const [listOnMap, setListOnMap] = useState(false);
  const [listItems, setListItems] = useState<readonly WorkItem[]>([]);
  // The last field report made here: marked on the map until the next one.
  const [fieldMarker, setFieldMarker] = useState<{ id: string; lon: number; lat: number } | null>(null);
  const changes = useReportsChanged(backend, true, { ignore: ownChange });
  // Field reports and status changes that wait for the network are sent while the panel is open.

  const data = analysis.data;
  const density = useQuery({
    queryKey: queryKey('analysis', 'crew_density', { params: data?.params ?? null, at: analysis.dataUpdatedAt }),
    enabled: densityOn && !!data,
    queryFn: async () => {
      const { lonLat, weights } = cellCentresWeighted(data!.res);
      const raster = await sharedHotspotClient().density(lonLat, {
        weights,
        bandwidth: Math.max(data!.res.band, 2 * data!.res.size),
        cellSize: Math.max(150, data!.res.size),
      });
      return densityGeoJSON(raster);
    },
  });

  const selectCell = useCallback(
    (cell: { q: number; r: number }) => {
      setSelectedCell(cell);
      onNavigate('hotspots');
    },
    [onNavigate],
  );

  const hotspotData = useMemo(() => (data ? hotspotGeoJSON(data.res) : null), [data]);
  const listData = useMemo(() => (listOnMap ? workListGeoJSON(listItems) : null), [listOnMap, listItems]);
  const cellData = useMemo(
    () => (selectedCell && data ? selectedCellGeoJSON(selectedCell.q, selectedCell.r, data.res.size) : null),
    [selectedCell, data],
  );
  const fieldData = useMemo(() => (fieldMarker ? pointGeoJSON(fieldMarker.lon, fieldMarker.lat, { id: fieldMarker.id }) : null), [fieldMarker]);
  const { onOpenReport, onFitBounds } = props;
  const lang = toLang(i18n.language);
  const listStatuses = useMemo(
    () =>
      [...new Set(listItems.map((it) => it.status))].map((code) => ({
        code,
        label: nameOf(reference?.statuses.find((s) => s.code === code), lang, code),
      })),
    [listItems, reference, lang],
  );

  const showListOnMap = useCallback(
    (on: boolean) => {
      setListOnMap(on);
      if (!on || listItems.length === 0) return;
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const it of listItems) {
        w = Math.min(w, it.lon);
        e = Math.max(e, it.lon);
        s = Math.min(s, it.lat);
        n = Math.max(n, it.lat);
      }
      onFitBounds([w, s, e, n]);
    },
    [listItems, onFitBounds],
  );
  const emergingData = useMemo(() => (data ? emergingGeoJSON(data.res) : null), [data]);

  useEffect(() => {
    const l = { hot: t('overlay.hotspots'), emerging: t('overlay.emerging'), density: t('overlay.density') };
    const overlays: MapOverlay[] = [];
    const onClick = (f: { properties: Record<string, unknown> }) => {
      const q = Number(f.properties.q);
      const r = Number(f.properties.r);
      if (Number.isInteger(q) && Number.isInteger(r)) selectCell({ q, r });
    };
    if (densityOn && density.data)
      overlays.push({
        id: 'crew-density',
        label: l.density,
        data: density.data.data,
        layers: densityLayers('crew-density'),
        below: 'labels',
        legend: <DensityLegend breaks={density.data.breaks} />,
      });
    if (hotspotData)
      overlays.push({
        id: 'crew-hotspots',
        label: l.hot,
        data: hotspotData,
        // The hexagons are the reports counted: the report symbols step aside while they are shown.
        layers: hotspotLayers('crew-hotspots', { hidesReports: true }),
        interactiveLayerIds: ['crew-hotspots-fill'],
        onClick,
        legend: <HotspotLegend />,
      });
    if (emergingData && emergingOn)
      overlays.push({
        id: 'crew-emerging',
        label: l.emerging,
        data: emergingData,
        layers: emergingLayers('crew-emerging'),
        interactiveLayerIds: ['crew-emerging-fill'],
        onClick,
        legend: <EmergingLegend />,
      });
    // The selected cell above the hexagons, so its outline is never hidden by a neighbour's.
    if (cellData)
      overlays.push({ id: 'crew-cell', label: t('overlay.selectedCell'), data: cellData, layers: selectedCellLayers('crew-cell') });
    if (listData)
      overlays.push({
        id: 'crew-worklist',
        label: t('overlay.workList'),
        data: listData,
        layers: workListLayers('crew-worklist'),
        interactiveLayerIds: ['crew-worklist-points'],
        onClick: (f) => {
          if (typeof f.properties.id === 'string') onOpenReport(f.properties.id);
        },
        legend: <WorkListLegend statuses={listStatuses} />,
      });
    if (fieldData)
      overlays.push({
        id: 'crew-field',
        label: t('overlay.fieldReport'),
        data: fieldData,
        layers: fieldMarkerLayers('crew-field'),
        interactiveLayerIds: ['crew-field-ring'],
        onClick: (f) => {
          if (typeof f.properties.id === 'string') onOpenReport(f.properties.id);
        },
        legend: <FieldMarkerLegend />,
      });
    onOverlays(overlays);
  }, [hotspotData, emergingData, emergingOn, density.data, densityOn, t, selectCell, onOverlays, cellData, listData, fieldData, onOpenReport, listStatuses]);

  // On a phone, the list on the map folds the list away (crew.css) and asks the shell's sheet to shrink to what is left
  // (the heading and the buttons), so the map gets the rest; shown again, or the tab left, the sheet has its height back.
  // A layout effect: its clean-up runs while the panel is still inside the sheet, so the request reaches it.
  const root = useRef<HTMLDivElement>(null);
  const mapMode = listOnMap && section === 'list' && props.active;
  useLayoutEffect(() => {
    if (!mapMode) return;
    const el = root.current;
    requestSheetFit(el, true);
    return () => requestSheetFit(el, false);
  }, [mapMode]);

  // Take the overlays away when the panel goes (e.g. the persona switches to a resident).
  useEffect(() => () => onOverlays([]), [onOverlays]);

  return (
    <div className="crew" ref={root} data-list-map={listOnMap && section === 'list' ? 'on' : undefined}>
      <nav aria-label={t('nav.label')} className="crew-nav">
        {SECTIONS.map((s) => (
          <a
            key={s}
            href={`#/crew/${s === 'list' ? '' : s}`}
            className="crew-nav-link"
            aria-current={section === s ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              onNavigate(s === 'list' ? '' : s);
            }}
          >
            {t(`nav.${s}`)}
          </a>
        ))}
      </nav>
      <p className="visually-hidden" aria-live="polite">
        {changes > 0 ? t('realtime.changes', { count: changes }) : ''}
      </p>
      <CrewOutboxPanel backend={backend} reference={reference} />
      <div hidden={section !== 'list'}>
        <WorkListSection
          backend={backend}
          reference={reference}
          ready={ready}
          analysis={data}
          onOpenReport={props.onOpenReport}
          onMap={listOnMap}
          onMapChange={showListOnMap}
          onItems={setListItems}
        />
      </div>
      <div hidden={section !== 'hotspots'}>
        {selectedCell && data ? (
          <CellDetail
            key={`${selectedCell.q}:${selectedCell.r}`}
            backend={backend}
            reference={reference}
            analysis={data}
            cell={selectedCell}
            onClose={() => setSelectedCell(null)}
            onOpenReport={props.onOpenReport}
            onFlyTo={props.onFlyTo}
            onCreateMeasure={props.onCreateMeasure}
          />
        ) : null}
        <HotspotSection
          backend={backend}
          reference={reference}
          ready={ready}
          visible={section === 'hotspots' && props.active}
          analysis={analysis}
          canCompute={ready && area !== undefined}
          onCompute={setParams}
          onSelectCell={selectCell}
          densityOn={densityOn}
          onDensityChange={setDensityOn}
          emergingOn={emergingOn}
          onEmergingChange={setEmergingOn}
          densityNote={density.isFetching ? t('density.computing') : density.error ? String(density.error) : null}
        />
        <ErrorOrNothing error={boundary.error} />
      </div>
      <div hidden={section !== 'field'}>
        <FieldReport
          backend={backend}
          reference={reference}
          view={props.view}
          onOpenReport={props.onOpenReport}
          onSent={setFieldMarker}
        />
      </div>
    </div>
  );
}

function ErrorOrNothing({ error }: { error: unknown }) {
  const { t } = useTranslation('crew');
  return error ? <p role="alert">{t('hotspots.boundaryError')}</p> : null;
}
