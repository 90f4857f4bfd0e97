import { useMutation, useQueryClient } from '@tanstack/react-query';
import buffer from '@turf/buffer';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteDevelopment, EVIDENCE_BUFFERS, type Development, type EvidenceBuffer, type ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { developmentChallenge } from '../../../domain/challenges';
import type { MeasureSeed } from '../../../domain/measures';
import type { MapOverlay } from '../../../map';
import { evidenceLayers } from '../../../map/development-layers';
import { hotspotLayers } from '../../../map/hotspot-layers';
import { Button, ErrorMessage, formatDate, formatDateTime, formatNumber, nameOf, toLang } from '../../../ui';
import { invalidateAfterWrite } from '../../../hooks';
import { useAssessments, useCityHotspots, useEvidence, type Boundary } from '../hooks';
import { downloadText } from '../lib/download';
import { cellsCsv, developmentGeoJson, fileStem, reportsCsv, reportsGeoJson, type EvidenceCsvLabels, type ExportCrs } from '../lib/evidence-pack';
import { touchingCells, type TouchingCell } from '../lib/hotspots';
import { AssessmentForm, AssessmentHistory } from './assessment-form';
import { EvidenceTables, HotspotTable, RatesTable } from './evidence-tables';
import { TrendChart } from './trend-chart';

interface Props {
  backend: Backend;
  reference: ReferenceData | undefined;
  development: Development;
  boundary: Boundary | undefined;
  canWrite: boolean;
  ready: boolean;
  bufferM: EvidenceBuffer;
  onBufferChange(b: EvidenceBuffer): void;
  onOverlays(overlays: MapOverlay[]): void;
  onOpenReport(id: string): void;
  onCreateMeasure(seed: MeasureSeed): void;
  onEdit(): void;
  onPrint(): void;
  onClose(): void;
}

/** A development's buffer outline (for the map, the hotspot test and the printed map). */
export function bufferOf(d: Development, metres: number): Polygon | MultiPolygon | null {
  return buffer(d.geometry as MultiPolygon, metres, { units: 'meters' })?.geometry ?? null;
}

/** The significant cells of the city-wide hotspot analysis (in the worker) that touch the development or its buffer. */
export function useTouchingCells(backend: Backend, d: Development, bufferM: number, boundary: Boundary | undefined, ready: boolean) {
  const hotspots = useCityHotspots(backend, boundary?.geometry, ready);
  const ring = useMemo(() => bufferOf(d, bufferM), [d, bufferM]);
  const { result } = hotspots;
  const touching = useMemo<TouchingCell[] | null>(
    () => (result ? touchingCells(result, d.geometry as MultiPolygon, ring) : null),
    [result, d, ring],
  );
  return { query: hotspots, touching, ring };
}

export function DevelopmentView(props: Props) {
  const { backend, reference, development: d, boundary, canWrite, ready, bufferM } = props;
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  const id = useId();
  const queryClient = useQueryClient();
  const evidence = useEvidence(backend, d.id, bufferM, ready);
  const assessments = useAssessments(backend, d.id, ready);
  const { query: cellsQuery, touching, ring } = useTouchingCells(backend, d, bufferM, boundary, ready);
  const [showAll, setShowAll] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const categoryName = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  const csvLabels: EvidenceCsvLabels = {
    lang,
    challenge: (code) => nameOf(reference?.challenges.find((c) => c.code === code), lang, code),
    category: categoryName,
    status: (code) => nameOf(reference?.statuses.find((s) => s.code === code), lang, code),
  };
  const [crs, setCrs] = useState<ExportCrs>('wgs84');
  const ev = evidence.data && evidence.data.development.id === d.id ? evidence.data : undefined;

  const { onOverlays } = props;
  useEffect(() => {
    const features: FeatureCollection['features'] = [];
    if (ring) features.push({ type: 'Feature', geometry: ring, properties: { kind: 'buffer' } });
    for (const r of ev?.reports ?? [])
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties: { kind: 'report', inside: r.inside, id: r.id } });
    const overlays: MapOverlay[] = [
      {
        id: 'plan-evidence',
        label: t('evidence.layer'),
        data: { type: 'FeatureCollection', features },
        layers: evidenceLayers('plan-evidence'),
        legend: <EvidenceLegend bufferM={bufferM} />,
      },
    ];
    if (touching && touching.length > 0)
      overlays.push({
        id: 'plan-hotspots',
        label: t('hotspots.layer'),
        data: {
          type: 'FeatureCollection',
          features: touching.map((c) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [c.ring] }, properties: { cls: c.cls, id: c.id } })),
        },
        layers: hotspotLayers('plan-hotspots'),
        below: 'reports',
      });
    onOverlays(overlays);
  }, [ring, ev, touching, onOverlays, t, bufferM]);
  useEffect(() => () => onOverlays([]), [onOverlays]);

  const remove = useMutation({
    mutationFn: () => deleteDevelopment.call(backend, { id: d.id }),
    onSuccess: async () => {
      await invalidateAfterWrite(queryClient);
      props.onClose();
    },
  });

  const stem = fileStem(d.name);
  const reports = ev?.reports ?? [];
  const shown = showAll ? reports : reports.slice(0, 25);
  const latest = assessments.data?.items[0];

  return (
    <article className="plan-development" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h3 id={`${id}-title`} tabIndex={-1} className="panel-title">
          {d.name}
        </h3>
        <Button variant="ghost" onClick={props.onClose}>
          {t('backToList')}
        </Button>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('fields.phase')}</dt>
          <dd>{t(`phase.${d.phase}`)}</dd>
        </div>
        {d.plan_id ? (
          <div>
            <dt>{t('fields.plan_id')}</dt>
            <dd>{d.plan_id}</dd>
          </div>
        ) : null}
        {d.expected_completion ? (
          <div>
            <dt>{t('fields.expected_completion')}</dt>
            <dd>{formatDate(d.expected_completion, lang)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('fields.area')}</dt>
          <dd>{t('areaHa', { ha: formatNumber(Math.round(d.area_m2 / 1000) / 10, lang) })}</dd>
        </div>
        {d.district ? (
          <div>
            <dt>{t('fields.district')}</dt>
            <dd>{d.district.name}</dd>
          </div>
        ) : null}
        {d.link ? (
          <div>
            <dt>{t('fields.link')}</dt>
            <dd>
              <a href={d.link} target="_blank" rel="noopener noreferrer">
                {d.link}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="plan-actions">
        {canWrite ? <Button onClick={props.onEdit}>{t('edit')}</Button> : null}
        <Button
          onClick={() =>
            props.onCreateMeasure({
              source_kind: 'development',
              source_ref: d.id,
              challenge: developmentChallenge(reference?.challenges),
              geometry: d.geometry as MultiPolygon,
              title: d.name,
              report_ids: reports.filter((r) => r.inside).map((r) => r.id),
            })
          }
        >
          {t('proposeMeasure')}
        </Button>
        {canWrite ? (
          <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
            {t('delete')}
          </Button>
        ) : null}
      </div>
      {confirmDelete ? (
        <div role="alertdialog" aria-labelledby={`${id}-del`} className="note">
          <p id={`${id}-del`}>{t('deleteConfirm', { name: d.name })}</p>
          <Button variant="primary" busy={remove.isPending} onClick={() => remove.mutate()}>
            {t('deleteYes')}
          </Button>
          <Button onClick={() => setConfirmDelete(false)}>{t('cancel')}</Button>
          {remove.isError ? <ErrorMessage error={remove.error} /> : null}
        </div>
      ) : null}

      <section aria-labelledby={`${id}-evidence`}>
        <h3 id={`${id}-evidence`}>{t('evidence.title')}</h3>
        <fieldset className="plan-buffer">
          <legend>{t('evidence.buffer')}</legend>
          {EVIDENCE_BUFFERS.map((b) => (
            <label key={b} className="check">
              <input type="radio" name={`${id}-buffer`} value={b} checked={bufferM === b} onChange={() => props.onBufferChange(b)} />
              {t('evidence.bufferM', { m: b })}
            </label>
          ))}
        </fieldset>
        <div aria-live="polite" aria-busy={evidence.isFetching}>
          {evidence.isError ? <ErrorMessage error={evidence.error} onRetry={() => void evidence.refetch()} /> : null}
          {!ev && evidence.isFetching ? <p>{t('loading')}</p> : null}
          {ev ? (
            <>
              <p className="note" data-testid="plan-evidence-status">
                {t('evidence.status', { inside: ev.inside.total, ring: ev.ring.total, buffer: ev.buffer_m })}
              </p>
              <EvidenceTables evidence={ev} reference={reference} />
              <h4>{t('evidence.trend')}</h4>
              <TrendChart monthly={ev.monthly} />
              <RatesTable evidence={ev} />
            </>
          ) : null}
        </div>
      </section>

      <section aria-labelledby={`${id}-hot`}>
        <h3 id={`${id}-hot`}>{t('hotspots.title')}</h3>
        {cellsQuery.cellM !== undefined ? <p className="hint">{t('hotspots.intro', { m: cellsQuery.cellM })}</p> : null}
        {cellsQuery.error ? <ErrorMessage error={cellsQuery.error} onRetry={cellsQuery.refetch} /> : null}
        {touching ? <HotspotTable cells={touching} /> : cellsQuery.isFetching ? <p>{t('loading')}</p> : null}
      </section>

      {ev ? (
        <section aria-labelledby={`${id}-reports`}>
          <h3 id={`${id}-reports`}>{t('reports.title', { count: reports.length })}</h3>
          {ev.reports_truncated ? <p className="hint">{t('reports.truncated', { count: reports.length })}</p> : null}
          <ul className="entry-list">
            {shown.map((r) => (
              <li key={r.id}>
                <button type="button" className="entry" onClick={() => props.onOpenReport(r.id)}>
                  <span className="entry-text">
                    <span className="entry-main">{categoryName(r.category)}</span>
                    <span className="entry-sub">
                      {formatDateTime(r.observed_at, lang)} ·{' '}
                      {r.inside ? t('evidence.insideShort') : t('evidence.distance', { m: Math.round(r.distance_m) })}
                      {r.is_dark ? ` · ${t('evidence.darkShort')}` : ''}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {reports.length > shown.length ? <Button onClick={() => setShowAll(true)}>{t('reports.showAll', { count: reports.length })}</Button> : null}
        </section>
      ) : null}

      <section aria-labelledby={`${id}-export`}>
        <h3 id={`${id}-export`}>{t('export.title')}</h3>
        <div className="field">
          <label htmlFor={`${id}-crs`}>{t('export.crs')}</label>
          <select id={`${id}-crs`} value={crs} onChange={(e) => setCrs(e.currentTarget.value === 'sweref99tm' ? 'sweref99tm' : 'wgs84')}>
            <option value="wgs84">{t('export.crsWgs84')}</option>
            <option value="sweref99tm">{t('export.crsSweref')}</option>
          </select>
        </div>
        <div className="plan-actions plan-export">
          <Button disabled={!ev} onClick={() => downloadText(`${stem}-rapporter.geojson`, JSON.stringify(reportsGeoJson(reports, crs)), 'application/geo+json')}>
            {t('export.reportsGeoJson')}
          </Button>
          <Button onClick={() => downloadText(`${stem}-omrade.geojson`, JSON.stringify(developmentGeoJson(d, crs)), 'application/geo+json')}>
            {t('export.developmentGeoJson')}
          </Button>
          <Button disabled={!ev} onClick={() => downloadText(`${stem}-rapporter.csv`, reportsCsv(reports, csvLabels), 'text/csv;charset=utf-8')}>
            {t('export.reportsCsv')}
          </Button>
          <Button disabled={!touching} onClick={() => downloadText(`${stem}-celler.csv`, cellsCsv(touching ?? [], lang), 'text/csv;charset=utf-8')}>
            {t('export.cellsCsv')}
          </Button>
          <Button variant="primary" onClick={props.onPrint}>
            {t('export.print')}
          </Button>
        </div>
      </section>

      <section aria-labelledby={`${id}-assess`}>
        {assessments.isError ? <ErrorMessage error={assessments.error} onRetry={() => void assessments.refetch()} /> : null}
        {assessments.data && canWrite ? (
          <AssessmentForm
            key={d.id}
            backend={backend}
            developmentId={d.id}
            latest={latest}
            reports={reports}
            categoryName={categoryName}
          />
        ) : null}
        <h3 id={`${id}-assess`}>{t('assessment.history')}</h3>
        {assessments.data ? <AssessmentHistory items={assessments.data.items} /> : null}
      </section>
    </article>
  );
}

function EvidenceLegend({ bufferM }: { bufferM: number }) {
  const { t } = useTranslation('planning');
  return (
    <div className="plan-legend">
      <strong>{t('evidence.layer')}</strong>
      <ul>
        <li>
          <svg width="16" height="16" aria-hidden="true">
            <circle cx="8" cy="8" r="4.5" fill="#1A1A1A" stroke="#FFFFFF" />
          </svg>{' '}
          {t('evidence.inside')}
        </li>
        <li>
          <svg width="16" height="16" aria-hidden="true">
            <circle cx="8" cy="8" r="4" fill="#FFFFFF" stroke="#1A1A1A" strokeWidth="1.5" />
          </svg>{' '}
          {t('evidence.ring')} ({t('evidence.bufferM', { m: bufferM })})
        </li>
      </ul>
    </div>
  );
}
