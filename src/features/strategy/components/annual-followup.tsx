import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cellCountsFromRows } from '../../../analysis';
import { sharedHotspotClient } from '../../../analysis/worker';
import {
  annualFollowup,
  hotspotCells,
  workList,
  WORK_LIST_MAX_LIMIT,
  type Measure,
  type PeriodChallenge,
  type ReferenceData,
} from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery, queryKey, useGeoJsonFile, useMalmoBoundary } from '../../../hooks';
import { bboxOf } from '../../../map/print-basemap';
import { PrintMap } from '../../../map/print-map';
import { useCellSize } from '../../../hooks/cell-size';
import type { Challenge } from '../../../domain/challenges';
import { MEASURE_REPORTS_MAX, type MeasureSeed } from '../../../domain/measures';
import { Button, ChallengeSelect, ErrorMessage, formatDate, formatNumber, nameOf, toLang } from '../../../ui';
import type { FollowupRisk } from '../../../api/annual-followup';
import {
  FOLLOWUP_CSV_COLUMNS,
  followupCsv,
  riskChange,
  riskCoverage,
  type FollowupCsvLabels,
} from '../lib/followup-csv';
import { riskTypesLabel, typeLabel } from '../risks/lib/type-label';
import { fillMonths } from '../lib/monthly-chart';
import { openHotspots, type OpenHotspot } from '../lib/open-hotspots';
import { toFeatureCollection } from '../lib/geo';
import type { SetOverlay } from '../types';
import { EffectCountsTable, EffectSummary, HowWeCompute } from './effect-view';
import { MonthlyChart } from './monthly-chart';

export const HOTSPOT_OVERLAY = 'strategy-hotspots';
const HOT_OUTLINE = '#D55E00';

export function AnnualFollowup({
  backend,
  reference,
  ready,
  year,
  challenge,
  challenges,
  setOverlay,
  onNavigate,
  onOpenMeasure,
  onFitBounds,
  onSeed,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  year: number;
  challenge: Challenge;
  /** The prioritised challenges of the period that held the year (the reference data's while it loads). */
  challenges: ReferenceData['challenges'] | PeriodChallenge[] | undefined;
  setOverlay: SetOverlay;
  /** Changes year or challenge (focus stays on the control). */
  onNavigate(sub: string): void;
  onOpenMeasure(id: string): void;
  onFitBounds(bbox: [number, number, number, number]): void;
  onSeed(seed: MeasureSeed): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const query = useQuery({ ...apiQuery(backend, annualFollowup, { year, challenge }), enabled: ready });
  // The cell size by the hotspot analysis's one rule (cellSizeFor on a sample of the challenge's reports), as on
  // the crew's hotspot map.
  const cellSize = useCellSize(backend, challenge, ready);
  const cellM = cellSize.data?.size;
  const cells = useQuery({
    ...apiQuery(backend, hotspotCells, {
      cellM: cellM ?? 0,
      challenges: [challenge],
      from: new Date(year, 0, 1),
      to: new Date(year + 1, 0, 1),
    }),
    enabled: ready && cellM !== undefined,
  });
  const boundary = useMalmoBoundary({ simplified: true });
  const area = boundary.data?.geometry;
  // The analysis runs in the hotspot worker, off the main thread.
  const analysis = useQuery({
    queryKey: queryKey('analysis', 'year_hotspots', { year, challenge, cellM, at: cells.dataUpdatedAt }),
    queryFn: async () =>
      openHotspots(await sharedHotspotClient().findHotspots(cellCountsFromRows(cells.data!.cells, cells.data!.cell_m), area)),
    enabled: cells.data !== undefined && area !== undefined,
    staleTime: Infinity,
    // While refreshed counts (same year, challenge and size) are analysed, keep showing the last result.
    placeholderData: (previous, previousQuery) => {
      const was = previousQuery?.queryKey[2];
      return was && was.year === year && was.challenge === challenge && was.cellM === cellM ? previous : undefined;
    },
  });
  const hot: OpenHotspot[] | null = analysis.data ?? null;

  useEffect(() => {
    setOverlay(
      HOTSPOT_OVERLAY,
      hot && hot.length > 0
        ? {
            id: HOTSPOT_OVERLAY,
            label: t('year.hotspotOverlay'),
            data: toFeatureCollection(hot, (h) => h.polygon, (h) => ({ id: h.id, cls: h.cls })),
            layers: [
              { id: `${HOTSPOT_OVERLAY}-fill`, type: 'fill', paint: { 'fill-color': HOT_OUTLINE, 'fill-opacity': 0.15 } },
              {
                id: `${HOTSPOT_OVERLAY}-line`,
                type: 'line',
                paint: { 'line-color': HOT_OUTLINE, 'line-width': ['match', ['get', 'cls'], 3, 4, 2, 2.5, 1.5] as never },
              },
            ],
            legend: <p className="strategy-legend">{t('year.hotspotLegend')}</p>,
          }
        : null,
    );
  }, [hot, setOverlay, t]);
  useEffect(() => () => setOverlay(HOTSPOT_OVERLAY, null), [setOverlay]);

  const categoryName = (c: string) => nameOf(reference?.categories.find((x) => x.code === c), lang, c);
  const challengeName = (c: string) =>
    nameOf(challenges?.find((x) => x.code === c) ?? reference?.challenges.find((x) => x.code === c), lang, c);
  const f = query.data;
  const monthly = useMemo(() => (f ? fillMonths(f.reported.by_month, `${year}-01`, `${year}-12`) : []), [f, year]);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, k) => thisYear - k);

  const downloadCsv = () => {
    if (!f) return;
    const csv = followupCsv(f, hot ?? [], {
      lang,
      column: Object.fromEntries(FOLLOWUP_CSV_COLUMNS.map((c) => [c, t(`year.csvColumns.${c}`)])) as FollowupCsvLabels['column'],
      section: {
        total: t('year.total'),
        category: t('dashboard.byCategory'),
        month: t('dashboard.monthly'),
        placed: t('year.placed'),
        done: t('year.doneMeasures'),
        effect: t('year.effectOf'),
        hotspot: t('year.hotspots'),
        risk: t('year.csvSections.risk'),
        risk_type: t('year.csvSections.risk_type'),
        risk_source: t('year.csvSections.risk_source'),
      },
      challenge: challengeName,
      category: categoryName,
      status: (s) => t(`measures.statuses.${s}`),
      type: (ty) => t(`map:measureTypes.${ty}`),
      verdict: (v) => t(`effect.verdicts.${v}`),
      cell: (cellId) => t('year.cellName', { id: cellId }),
      riskTypes: (types) => riskTypesLabel(t, types),
      riskType: (type) => typeLabel(t, type),
    });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `arsuppfoljning-${year}-${challenge}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  // The reports that led to a measure at a hot cell: the cell's open reports of the challenge, now.
  const queryClient = useQueryClient();
  const [seeding, setSeeding] = useState<string | null>(null);
  const createFrom = async (h: OpenHotspot) => {
    setSeeding(h.id);
    let reportIds: string[] = [];
    try {
      const open = await queryClient.fetchQuery({
        ...apiQuery(backend, workList, { challenges: [challenge], limit: WORK_LIST_MAX_LIMIT, cellM: h.size }),
        staleTime: 30_000,
      });
      reportIds = open.items.filter((it) => it.q === h.q && it.r === h.r).map((it) => it.id).slice(0, MEASURE_REPORTS_MAX);
    } catch {
      // Linking is a convenience: without the list the measure still starts from the cell (the form shows the count).
    }
    setSeeding(null);
    onSeed({
      source_kind: 'hotspot',
      source_ref: `${h.size}:${h.id}`,
      challenge,
      geometry: h.polygon,
      title: t('year.seedTitle', { id: h.id }),
      report_ids: reportIds,
    });
  };

  return (
    <section className="strategy-year strategy-printable" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('year.title', { year })} – {challengeName(challenge)}
      </h3>
      <fieldset className="strategy-filters strategy-no-print">
        <legend className="visually-hidden">{t('dashboard.filters')}</legend>
        <label>
          {t('year.year')}
          <select value={year} onChange={(e) => onNavigate(`year/${e.target.value}/${challenge}`)}>
            {(years.includes(year) ? years : [year, ...years]).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <ChallengeSelect
          label={t('challenge')}
          value={challenge}
          onChange={(c) => onNavigate(`year/${year}/${c}`)}
          names={challenges}
        />
        <Button onClick={() => window.print()}>{t('year.print')}</Button>
        <Button onClick={downloadCsv} disabled={!f}>
          {t('year.csv')}
        </Button>
      </fieldset>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : query.isPending ? <p role="status">{t('loading')}</p> : null}
      {f ? (
        <>
          <h4>{t('year.reported')}</h4>
          <p>
            {t('year.total')}: <strong data-testid="year-total">{formatNumber(f.reported.total, lang)}</strong>
          </p>
          <div className="table-scroll" tabIndex={0}><table className="strategy-table">
            <caption>{t('dashboard.byCategory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.category')}</th>
                <th scope="col">{t('dashboard.count')}</th>
              </tr>
            </thead>
            <tbody>
              {f.reported.by_category.map((c) => (
                <tr key={c.code}>
                  <th scope="row">{categoryName(c.code)}</th>
                  <td>{formatNumber(c.n, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          <MonthlyChart rows={monthly} caption={`${t('dashboard.chartTitle')} ${year} – ${challengeName(challenge)}`} />

          <h4>{t('year.placed')}</h4>
          <MeasureLines measures={f.measures.placed} onOpen={(m) => onOpenMeasure(m.id)} testId="year-placed" />
          <h4>{t('year.doneMeasures')}</h4>
          <MeasureLines measures={f.measures.done} onOpen={(m) => onOpenMeasure(m.id)} testId="year-done" />
          {f.effects.map((e) => {
            const m = f.measures.done.find((x) => x.id === e.measure_id) ?? f.measures.placed.find((x) => x.id === e.measure_id);
            return (
              <section key={e.measure_id} className="strategy-year-effect" aria-label={`${t('year.effectOf')}: ${m?.title ?? ''}`}>
                <h5>
                  {t('year.effectOf')}: {m?.title ?? e.measure_id}
                </h5>
                <EffectCountsTable counts={e} />
                <EffectSummary counts={e} />
              </section>
            );
          })}
          {f.effects.length > 0 ? <HowWeCompute /> : null}
          {f.risk ? <FollowupRiskPart risk={f.risk} year={year} testId="year-risk" /> : null}
        </>
      ) : null}

      <h4>{t('year.hotspots')}</h4>
      {cellM !== undefined ? <p className="hint">{t('year.hotspotsHelp', { m: cellM })}</p> : null}
      {cellSize.isError ? <ErrorMessage error={cellSize.error} onRetry={() => void cellSize.refetch()} /> : null}
      {cells.isError ? <ErrorMessage error={cells.error} onRetry={() => void cells.refetch()} /> : null}
      {analysis.isError ? <ErrorMessage error={analysis.error} onRetry={() => void analysis.refetch()} /> : null}
      {hot && hot.length === 0 ? <p>{t('year.hotspotsNone')}</p> : null}
      {hot && hot.length > 0 && boundary.data ? (
        <HotspotPrintMap
          hot={hot}
          boundary={boundary.data}
          label={t('year.printMapLabel', { n: hot.length, challenge: challengeName(challenge) })}
          caption={t('year.printMapCaption', { m: cellM })}
        />
      ) : null}
      {hot && hot.length > 0 ? (
        <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="hotspot-table">
          <thead>
            <tr>
              <th scope="col">{t('year.cell')}</th>
              <th scope="col">{t('dashboard.count')}</th>
              <th scope="col">{t('year.confidence')}</th>
              <th scope="col" className="strategy-no-print">
                <span className="visually-hidden">{t('year.createMeasure')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hot.slice(0, 20).map((h) => (
              <tr key={h.id} data-cell={h.id}>
                <th scope="row">{t('year.cellName', { id: h.id })}</th>
                <td>{formatNumber(h.n, lang)}</td>
                <td>{h.cls === 3 ? '99 %' : h.cls === 2 ? '95 %' : '90 %'}</td>
                <td className="strategy-no-print">
                  <Button
                    variant="link"
                    aria-label={t('year.showCell', { id: h.id })}
                    onClick={() => {
                      const ring = h.polygon.coordinates[0]!;
                      const xs = ring.map((p) => p[0]!);
                      const ys = ring.map((p) => p[1]!);
                      onFitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
                    }}
                  >
                    {t('measures.showOnMap')}
                  </Button>{' '}
                  <Button
                    aria-label={t('year.createFor', { id: h.id })}
                    busy={seeding === h.id}
                    disabled={seeding !== null}
                    onClick={() => void createFrom(h)}
                  >
                    {t('year.createMeasure')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table></div>
      ) : null}
    </section>
  );
}

/**
 * The year's hot cells on the offline basemap, for paper only (on screen the live map beside the panel shows them):
 * the whole municipality, darker and wider outlines for higher confidence.
 */
function HotspotPrintMap({
  hot,
  boundary,
  label,
  caption,
}: {
  hot: readonly OpenHotspot[];
  boundary: NonNullable<ReturnType<typeof useMalmoBoundary>['data']>;
  label: string;
  caption: string;
}) {
  const districts = useGeoJsonFile('malmo_delomraden_simplified.geojson');
  const extent = useMemo(() => bboxOf(boundary.geometry), [boundary]);
  return (
    <figure className="strategy-print-only strategy-print-map">
      <PrintMap content={extent} kommun={boundary} districts={districts.data} label={label} aspect={0.7} testId="year-print-map">
        {(frame) =>
          hot.map((h) => (
            <path
              key={h.id}
              d={frame.path(h.polygon)}
              fill={HOT_OUTLINE}
              fillOpacity={h.cls === 3 ? 0.75 : h.cls === 2 ? 0.55 : 0.35}
              stroke={h.cls === 3 ? '#5c2100' : HOT_OUTLINE}
              strokeWidth={h.cls === 3 ? 2 : h.cls === 2 ? 1.5 : 1}
            />
          ))
        }
      </PrintMap>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function MeasureLines({ measures, onOpen, testId }: { measures: Measure[]; onOpen(m: Measure): void; testId: string }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  if (measures.length === 0) return <p>{t('year.none')}</p>;
  return (
    <ul data-testid={testId}>
      {measures.map((m) => (
        <li key={m.id}>
          <Button variant="link" onClick={() => onOpen(m)}>
            {m.title}
          </Button>{' '}
          – {t(`map:measureTypes.${m.type}`)}, {t(`measures.statuses.${m.status}`)}
          {m.department ? `, ${m.department}` : ''}
          {m.done_date ? `, ${formatDate(m.done_date, lang)}` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * A challenge's actual risk in a follow-up (the annual one and the action plans'): its events in the year against
 * the year before, in all and by type, and the sources behind them. A year the sources cover only in part shows its
 * count marked, with the covered days; a year no source covers shows no count ("no data", never 0); the change is
 * shown only when both years are covered whole.
 */
export function FollowupRiskPart({
  risk,
  year,
  testId,
  heading = 'h4',
}: {
  risk: FollowupRisk;
  year: number;
  testId: string;
  heading?: 'h4' | 'h5';
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const Heading = heading;
  const previous = year - 1;
  const coverage = { year: riskCoverage(risk.year), previous: riskCoverage(risk.previous_year) };
  const comparable = riskChange(risk) !== null;
  const cell = (n: number | null, c: ReturnType<typeof riskCoverage>) =>
    n === null || c === 'none'
      ? t('year.risk.noData')
      : c === 'partial'
        ? t('year.risk.partialMark', { n: formatNumber(n, lang) })
        : formatNumber(n, lang);
  const change = (a: number | null, b: number | null) =>
    comparable && a !== null && b !== null ? `${a - b > 0 ? '+' : a - b < 0 ? '−' : '±'}${formatNumber(Math.abs(a - b), lang)}` : '–';
  const note = (c: ReturnType<typeof riskCoverage>, y: FollowupRisk['year'], which: number) =>
    c === 'full'
      ? t('year.risk.coverageFull', { year: which })
      : c === 'partial'
        ? t('year.risk.coveragePartial', {
            year: which,
            covered: formatNumber(y.covered_days, lang),
            days: formatNumber(y.days, lang),
          })
        : t('year.risk.coverageNone', { year: which });
  return (
    <section className="strategy-followup-risk" data-testid={testId} aria-label={t('year.risk.title', { types: riskTypesLabel(t, risk.types) })}>
      <Heading>{t('year.risk.title', { types: riskTypesLabel(t, risk.types) })}</Heading>
      <div className="table-scroll" tabIndex={0}>
        <table className="strategy-table" data-testid={`${testId}-table`}>
          <caption>{t('year.risk.caption', { year, previous })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('year.risk.type')}</th>
              <th scope="col">{year}</th>
              <th scope="col">{previous}</th>
              <th scope="col">{t('year.risk.change')}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="strategy-risk-total" data-type="all">
              <th scope="row">{t('year.risk.total')}</th>
              <td>{cell(risk.year.total, coverage.year)}</td>
              <td>{cell(risk.previous_year.total, coverage.previous)}</td>
              <td>{change(risk.year.total, risk.previous_year.total)}</td>
            </tr>
            {risk.by_type.map((x) => (
              <tr key={x.type} data-type={x.type}>
                <th scope="row">{typeLabel(t, x.type)}</th>
                <td>{cell(x.year, coverage.year)}</td>
                <td>{cell(x.previous_year, coverage.previous)}</td>
                <td>{change(x.year, x.previous_year)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="strategy-risk-coverage" data-testid={`${testId}-coverage`}>
        <li data-year={year} data-coverage={coverage.year}>{note(coverage.year, risk.year, year)}</li>
        <li data-year={previous} data-coverage={coverage.previous}>{note(coverage.previous, risk.previous_year, previous)}</li>
        {!comparable ? <li>{t('year.risk.notComparable')}</li> : null}
      </ul>
      <p className="strategy-risk-sources-title"><strong>{t('year.risk.sources')}</strong></p>
      {risk.sources.length === 0 ? (
        <p data-testid={`${testId}-sources-none`}>{t('year.risk.sourcesNone', { year, previous })}</p>
      ) : (
        <ul className="strategy-risk-sources" data-testid={`${testId}-sources`}>
          {risk.sources.map((x) => (
            <li key={`${x.name}-${x.period_from}`}>
              {t('year.risk.source', {
                name: x.name,
                kind: t(`risks.sources.kind.${x.kind}`, { defaultValue: x.kind }),
                from: formatDate(x.period_from, lang),
                to: formatDate(x.period_to, lang),
                provenance: x.provenance,
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
