import bbox from '@turf/bbox';
import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceBuffer } from '../../api';
import type { MapOverlay } from '../../map';
import { developmentLayers } from '../../map/development-layers';
import { Button, ErrorMessage } from '../../ui';
import { DevelopmentList, PhaseLegend } from './components/development-list';
import { DevelopmentView } from './components/development-view';
import { ImportView } from './components/import-view';
import { OutlineEditor } from './components/outline-editor';
import { PrintView } from './components/print-view';
import { useIdentity, useMalmoBoundary, useReportsChanged } from '../../hooks';
import { useDevelopments } from './hooks';
import './planning.css';
import type { StaffPanelProps } from '../../contracts/staff-panel';


type Route =
  | { kind: 'list' }
  | { kind: 'import' }
  | { kind: 'new' }
  | { kind: 'development'; id: string; mode: 'view' | 'edit' | 'print' };

/** '#/plan/<subPath>': '' | 'import' | 'new' | '<id>' | '<id>/edit' | '<id>/print'. */
export function parsePlanRoute(subPath: string): Route {
  if (subPath === 'import') return { kind: 'import' };
  if (subPath === 'new') return { kind: 'new' };
  const m = /^([0-9a-f-]{36})(?:\/(edit|print))?$/i.exec(subPath);
  if (m) return { kind: 'development', id: m[1]!.toLowerCase(), mode: (m[2] as 'edit' | 'print' | undefined) ?? 'view' };
  return { kind: 'list' };
}

export function PlanningPanel(props: StaffPanelProps) {
  const { backend, reference, ready, active, subPath, onNavigate, onOverlays, onFitBounds } = props;
  const { t } = useTranslation('planning');
  const identity = useIdentity(backend);
  const canWrite = identity.role === 'planner' || identity.role === 'admin';
  const route = parsePlanRoute(subPath);
  const developments = useDevelopments(backend, ready);
  const boundary = useMalmoBoundary();
  useReportsChanged(backend, ready);
  const [bufferM, setBufferM] = useState<EvidenceBuffer>(250);
  const [childOverlays, setChildOverlays] = useState<MapOverlay[]>([]);

  const selectedId = route.kind === 'development' ? route.id : null;
  const items = useMemo(() => developments.data?.items ?? [], [developments.data]);
  const selected = items.find((d) => d.id === selectedId) ?? null;

  // The developments layer: always there for the planner (switchable in "Lager"), the selected one emphasised.
  const developmentOverlay = useMemo<MapOverlay | null>(() => {
    if (items.length === 0) return null;
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: items.map((d) => ({
        type: 'Feature',
        geometry: d.geometry as never,
        properties: { id: d.id, name: d.name, phase: d.phase, selected: d.id === selectedId },
      })),
    };
    return {
      id: 'plan-developments',
      label: t('layer'),
      data,
      layers: developmentLayers('plan-developments'),
      below: 'reports',
      interactiveLayerIds: ['plan-developments-fill'],
      onClick: (f) => {
        if (typeof f.properties.id === 'string') onNavigate(f.properties.id);
      },
      legend: <PhaseLegend />,
    };
  }, [items, selectedId, onNavigate, t]);

  useEffect(() => {
    onOverlays([...(developmentOverlay ? [developmentOverlay] : []), ...childOverlays]);
  }, [developmentOverlay, childOverlays, onOverlays]);

  // Bring the selected development into view once per selection.
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (!selected || fitted.current === selected.id) return;
    fitted.current = selected.id;
    const [w, s, e, n] = bbox(selected.geometry as never);
    const pad = 0.006; // ~500 m, so the largest buffer shows too
    onFitBounds([w - pad, s - pad / 2, e + pad, n + pad / 2]);
  }, [selected, onFitBounds]);

  let body;
  if (!ready) body = <p className="hint">{t('waiting')}</p>;
  else if (route.kind === 'import')
    body = canWrite ? (
      <ImportView
        backend={backend}
        boundary={boundary.data}
        onOverlays={setChildOverlays}
        onFitBounds={onFitBounds}
        onDone={() => onNavigate('')}
      />
    ) : (
      <p role="alert">{t('readOnly')}</p>
    );
  else if (route.kind === 'new' || (route.kind === 'development' && route.mode === 'edit'))
    body =
      route.kind === 'development' && !selected ? (
        <p>{t('loading')}</p>
      ) : canWrite ? (
        <OutlineEditor
          key={selected?.id ?? 'new'}
          backend={backend}
          development={route.kind === 'new' ? null : selected}
          view={props.view}
          active={active}
          onMapClick={props.onMapClick}
          onOverlays={setChildOverlays}
          onSaved={(id) => onNavigate(id)}
          onCancel={() => onNavigate(selected ? selected.id : '')}
        />
      ) : (
        <p role="alert">{t('readOnly')}</p>
      );
  else if (route.kind === 'development')
    body = selected ? (
      route.mode === 'print' ? (
        <PrintView
          backend={backend}
          reference={reference}
          development={selected}
          boundary={boundary.data}
          bufferM={bufferM}
          ready={ready}
          onClose={() => onNavigate(selected.id)}
        />
      ) : (
        <DevelopmentView
          key={selected.id}
          backend={backend}
          reference={reference}
          development={selected}
          boundary={boundary.data}
          canWrite={canWrite}
          ready={ready}
          bufferM={bufferM}
          onBufferChange={setBufferM}
          onOverlays={setChildOverlays}
          onOpenReport={props.onOpenReport}
          onCreateMeasure={props.onCreateMeasure}
          onEdit={() => onNavigate(`${selected.id}/edit`)}
          onPrint={() => onNavigate(`${selected.id}/print`)}
          onClose={() => onNavigate('')}
        />
      )
    ) : developments.isSuccess ? (
      <div role="alert">
        <p>{t('notFound')}</p>
        <Button onClick={() => onNavigate('')}>{t('backToList')}</Button>
      </div>
    ) : (
      <p>{t('loading')}</p>
    );
  else body = null;

  return (
    <section className="plan-panel" aria-labelledby="plan-title">
      <h2 id="plan-title" className="panel-title">
        {t('title')}
      </h2>
      {developments.isError ? <ErrorMessage error={developments.error} onRetry={() => void developments.refetch()} /> : null}
      {boundary.isError ? <ErrorMessage error={boundary.error} onRetry={() => void boundary.refetch()} /> : null}
      {body}
      {route.kind === 'list' && ready ? (
        <>
          <p className="hint">{t('intro')}</p>
          {canWrite ? (
            <div className="plan-actions">
              <Button variant="primary" onClick={() => onNavigate('import')}>
                {t('importFile')}
              </Button>
              <Button onClick={() => onNavigate('new')}>{t('drawNew')}</Button>
            </div>
          ) : (
            <p className="hint">{t('readOnly')}</p>
          )}
          <h3>{t('list.title')}</h3>
          {developments.isSuccess ? (
            <DevelopmentList items={items} selectedId={selectedId} onSelect={(id) => onNavigate(id)} />
          ) : (
            <p>{t('loading')}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
