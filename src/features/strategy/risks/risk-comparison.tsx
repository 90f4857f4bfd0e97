import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sharedBivariateClient } from '../../../analysis/bivariate-client';
import { challengeDashboard, fetchAllPages, hotspotCells, type ReferenceData } from '../../../api';
import { listRiskSources, riskEventCells } from '../../../api/risk-events';
import type { Backend } from '../../../backend';
import { apiKey, apiQuery, queryKey, useGeoJsonFile, useMalmoBoundary } from '../../../hooks';
import { makeDistrictLookup } from '../../../map/district-lookup';
import type { MapOverlay } from '../../../map/overlay';
import { Button, formatNumber, nameOf, toLang } from '../../../ui';
import { CLASS_STYLES, LEGEND_ORDER, bivariateLayers, svgDash } from './lib/bivariate-style';
import { cellModel, districtModel, districtsOf, districtUnits, type ComparisonRow } from './lib/comparison';
import { typeLabel } from './lib/type-label';
import type { BivariateClass } from '../../../analysis/bivariate-units';

export const RISKS_OVERLAY = 'strategy-risks';
export const CELL_SIZES = [100, 150, 200, 250, 300, 400, 500] as const;
/** Cell size asked of risk_event_cells when only its districts are used (any valid size gives the same districts). */
const DISTRICT_CELL_M = 250;
const PERMUTATIONS = 999;
const ALPHA = 0.05;
const ROWS_SHOWN = 60;

type Unit = 'cells' | 'districts';

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function dayStart(day: string, end = false): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)) : null;
}

/** The actual-risk choice: a group of types ('group:injury', 'group:police', 'group:event'), one type, or all (''). */
function typesOf(choice: string, known: readonly string[]): string[] | null {
  if (!choice) return null;
  if (choice.startsWith('group:')) {
    const prefix = choice === 'group:injury' ? 'injury_' : `${choice.slice(6)}:`;
    return known.filter((t) => t.startsWith(prefix));
  }
  return [choice];
}

export function ClassSwatch({ cls }: { cls: BivariateClass }) {
  const s = CLASS_STYLES[cls];
  return (
    <svg width="28" height="18" viewBox="0 0 28 18" aria-hidden="true" className="risks-swatch">
      <rect
        x="2"
        y="2"
        width="24"
        height="14"
        fill={s.fillOpacity > 0 ? s.fill : 'none'}
        fillOpacity={s.fillOpacity > 0 ? 0.85 : 0}
        stroke={s.line}
        strokeWidth={Math.max(1, s.width)}
        strokeDasharray={svgDash(cls)}
        strokeLinecap={s.dash && s.dash[0] < 1 ? 'round' : 'butt'}
      />
    </svg>
  );
}

/**
 * Perceived risk (residents' reports of a challenge) against actual risk (imported events of some types), per
 * hexagon cell or per delområde, as rates per km², with the bivariate local Moran's I (src/analysis/bivariate.ts:
 * permutation inference, Benjamini–Hochberg FDR) run in a Web Worker. The map shows the four classes with colour
 * AND outline pattern; the legend says what each suggests; the table lists every unit the map draws.
 */
export function RiskComparison({
  backend,
  reference,
  ready,
  active,
  onOverlays,
  onFitBounds,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  active: boolean;
  onOverlays(overlays: MapOverlay[]): void;
  onFitBounds(bbox: [number, number, number, number]): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const [unit, setUnit] = useState<Unit>('cells');
  const [size, setSize] = useState<number>(200);
  const [challenge, setChallenge] = useState('');
  const [typeChoice, setTypeChoice] = useState('');
  const [period, setPeriod] = useState(() => {
    const now = new Date();
    return { from: isoDay(new Date(now.getFullYear() - 1, now.getMonth(), now.getDate() + 1)), to: isoDay(now) };
  });
  const [showAll, setShowAll] = useState(false);
  const from = dayStart(period.from);
  const to = dayStart(period.to, true);

  // Every source (all pages): the type choice offers every type imported.
  const sources = useQuery({
    queryKey: apiKey(listRiskSources, { pages: 'all' }),
    queryFn: () => fetchAllPages((page) => listRiskSources.call(backend, page)),
    enabled: ready,
    networkMode: backend.kind === 'local' ? 'always' : 'online',
  });
  const knownTypes = useMemo(() => {
    const all = new Set<string>();
    for (const s of sources.data?.items ?? []) for (const k of Object.keys(s.types)) all.add(k);
    return [...all].sort();
  }, [sources.data]);
  const types = typesOf(typeChoice, knownTypes);
  const boundary = useMalmoBoundary();
  const delomraden = useGeoJsonFile('malmo_delomraden_simplified.geojson');
  const districts = useMemo(() => districtsOf(delomraden.data), [delomraden.data]);
  const lookup = useMemo(() => (delomraden.data ? makeDistrictLookup(delomraden.data) : null), [delomraden.data]);

  const challenges = challenge ? [challenge] : null;
  const perceivedCells = useQuery({
    ...apiQuery(backend, hotspotCells, { cellM: size, challenges: challenges as never, categories: null, from, to, recentFrom: null }),
    enabled: ready && unit === 'cells',
  });
  const perceivedDistricts = useQuery({
    ...apiQuery(backend, challengeDashboard, { challenge: (challenge || null) as never, from, to, level: 'delomrade', district: null }),
    enabled: ready && unit === 'districts',
  });
  const actual = useQuery({
    ...apiQuery(backend, riskEventCells, {
      cellM: unit === 'cells' ? size : DISTRICT_CELL_M,
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      types: types && types.length ? types : null,
    }),
    enabled: ready && (types == null || types.length > 0),
  });

  const inputsReady =
    !!boundary.data &&
    !!actual.data &&
    (unit === 'cells' ? !!perceivedCells.data : !!perceivedDistricts.data && districts.length > 0);
  const comparison = useQuery({
    queryKey: queryKey('analysis', 'risk_comparison', {
      unit,
      size,
      challenge,
      types,
      from: period.from,
      to: period.to,
      stamps: [perceivedCells.dataUpdatedAt, perceivedDistricts.dataUpdatedAt, actual.dataUpdatedAt],
    }),
    enabled: inputsReady,
    retry: false,
    queryFn: async () => {
      const client = sharedBivariateClient();
      const options = { permutations: PERMUTATIONS, alpha: ALPHA };
      // The worker's round trip, kept on the result (data-compute-ms) for the e2e's log.
      const started = performance.now();
      if (unit === 'cells') {
        const result = await client.compareCells(
          boundary.data!.geometry,
          size,
          perceivedCells.data!.cells.map(([q, r, n]) => [q, r, n] as [number, number, number]),
          actual.data!.cells,
          options,
        );
        const ms = performance.now() - started;
        return { unit, ms, global: result.global, counts: result.counts, isolated: result.isolated, model: cellModel(result, (lon, lat) => lookup?.(lon, lat)?.name ?? null), outside: result.outside };
      }
      const perceived = perceivedDistricts.data!.by_district.map((d) => [String(d.code), d.n] as [string, number]);
      const result = await client.compareDistricts(
        districtUnits(districts),
        perceived,
        actual.data!.districts.map(([code, n]) => [String(code), n] as [string, number]),
        options,
      );
      const ms = performance.now() - started;
      return { unit, ms, global: result.global, counts: result.counts, isolated: result.isolated, model: districtModel(result, districts), outside: null };
    },
  });

  const data = comparison.data;
  const fmt = (n: number, digits = 1) => formatNumber(Math.round(n * 10 ** digits) / 10 ** digits, lang);
  const fmtP = (p: number) =>
    !Number.isFinite(p) ? '–' : p < 0.001 ? `< ${formatNumber(0.001, lang)}` : formatNumber(Math.round(p * 1000) / 1000, lang);
  const className = (c: BivariateClass) => t(`risks.classes.${c}.name`);

  // The callback through a ref: a panel that hands a new function each render must not make this effect (and
  // the overlay it sets) run again each render.
  const overlaysRef = useRef(onOverlays);
  useEffect(() => {
    overlaysRef.current = onOverlays;
  });
  useEffect(() => {
    if (!active || !data) {
      overlaysRef.current([]);
      return;
    }
    overlaysRef.current([
      {
        id: RISKS_OVERLAY,
        label: t('risks.compare.overlayLabel'),
        data: data.model.data,
        layers: bivariateLayers(RISKS_OVERLAY),
        below: 'labels',
        legend: (
          <div className="risks-legend" data-testid="risks-legend">
            <ul>
              {LEGEND_ORDER.map((c) => (
                <li key={c}>
                  <ClassSwatch cls={c} /> <strong>{className(c)}</strong> ({formatNumber(data.counts[c], lang)}) — {t(`risks.classes.${c}.suggests`)}
                </li>
              ))}
            </ul>
          </div>
        ),
      },
    ]);
    // className and the legend depend on t and lang only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, data, t, lang]);
  useEffect(() => () => overlaysRef.current([]), []);

  const unitLabel = (row: ComparisonRow) =>
    data?.unit === 'districts' ? (
      (row.name ?? row.id)
    ) : (
      <>
        {row.name ?? t('risks.compare.noDistrict')}
        <br />
        <span className="hint">{t('risks.compare.cellId', { id: row.id.split(':').slice(1).join(' / ') })}</span>
      </>
    );
  const rows = data ? (showAll ? data.model.rows : data.model.rows.slice(0, ROWS_SHOWN)) : [];
  const error = comparison.error ?? actual.error ?? perceivedCells.error ?? perceivedDistricts.error;
  const errorCode = error instanceof Error ? (error.message.split(/[\s:]/)[0] ?? '') : '';
  const knownAnalysisError = ['constant_variable', 'too_few_units', 'invalid_neighbor', 'not_finite', 'length_mismatch'].includes(errorCode);

  return (
    <section className="risks-compare strategy-printable" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('risks.compare.title')}</h4>
      <p className="hint">{t('risks.compare.intro')}</p>
      <div className="risks-grid">
        <label>
          {t('risks.compare.perceived')}
          <select aria-label={t('risks.compare.perceived')} value={challenge} onChange={(e) => setChallenge(e.target.value)} data-testid="risks-challenge">
            <option value="">{t('risks.compare.allChallenges')}</option>
            {reference?.challenges.map((c) => (
              <option key={c.code} value={c.code}>
                {nameOf(c, lang, c.code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('risks.compare.actual')}
          <select aria-label={t('risks.compare.actual')} value={typeChoice} onChange={(e) => setTypeChoice(e.target.value)} data-testid="risks-types">
            <option value="">{t('risks.compare.allTypes')}</option>
            {(['injury', 'police', 'event'] as const)
              .filter((g) => knownTypes.some((k) => k.startsWith(g === 'injury' ? 'injury_' : `${g}:`)))
              .map((g) => (
                <option key={g} value={`group:${g}`}>
                  {t(`risks.compare.group.${g}`)}
                </option>
              ))}
            {knownTypes.map((k) => (
              <option key={k} value={k}>
                {typeLabel(t, k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('risks.compare.from')}
          <input aria-label={t('risks.compare.from')} type="date" value={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} />
        </label>
        <label>
          {t('risks.compare.to')}
          <input aria-label={t('risks.compare.to')} type="date" value={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} />
        </label>
        <fieldset className="risks-unit">
          <legend>{t('risks.compare.unit')}</legend>
          {(['cells', 'districts'] as const).map((u) => (
            <label key={u}>
              <input type="radio" name={`${id}-unit`} value={u} checked={unit === u} onChange={() => setUnit(u)} data-testid={`risks-unit-${u}`} />{' '}
              {t(`risks.compare.units.${u}`)}
            </label>
          ))}
        </fieldset>
        {unit === 'cells' ? (
          <label>
            {t('risks.compare.cellSize')}
            <select aria-label={t('risks.compare.cellSize')} value={size} onChange={(e) => setSize(Number(e.target.value))} data-testid="risks-cell-size">
              {CELL_SIZES.map((s) => (
                <option key={s} value={s}>
                  {t('risks.compare.metres', { n: s })}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      {!ready ? <p className="hint">{t('waiting')}</p> : null}
      {types && types.length === 0 ? <p className="hint">{t('risks.compare.noTypes')}</p> : null}
      {ready && !error && (comparison.isFetching || !data) && (types == null || types.length > 0) ? (
        <p className="hint" role="status">
          {t('risks.compare.computing')}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error-message" data-testid="risks-error">
          {knownAnalysisError ? t(`risks.analysisErrors.${errorCode}`) : t('risks.analysisErrors.other')}
        </p>
      ) : null}

      {data && !comparison.isFetching ? (
        <div data-testid="risks-result" data-compute-ms={Math.round(data.ms)} data-units={data.model.rows.length}>
          <p data-testid="risks-global">
            {t('risks.compare.global', {
              I: fmt(data.global.I, 3),
              p: fmtP(data.global.pSim),
              permutations: formatNumber(PERMUTATIONS, lang),
            })}
          </p>
          <ul className="risks-counts" data-testid="risks-counts">
            {LEGEND_ORDER.map((c) => (
              <li key={c} data-class={c}>
                <ClassSwatch cls={c} /> {className(c)}: {formatNumber(data.counts[c], lang)}
              </li>
            ))}
          </ul>
          <p className="hint">{t('risks.compare.method', { alpha: formatNumber(ALPHA, lang) })}</p>
          {data.isolated > 0 ? <p className="hint">{t('risks.compare.isolated', { count: data.isolated })}</p> : null}
          {data.outside && data.outside.actual + data.outside.perceived > 0 ? (
            <p className="hint">{t('risks.compare.outside', { perceived: formatNumber(data.outside.perceived, lang), actual: formatNumber(data.outside.actual, lang) })}</p>
          ) : null}
          <h5>{t('risks.compare.legendTitle')}</h5>
          <dl className="risks-meaning">
            {LEGEND_ORDER.map((c) => (
              <div key={c}>
                <dt>
                  <ClassSwatch cls={c} /> {className(c)}
                </dt>
                <dd>{t(`risks.classes.${c}.suggests`)}</dd>
              </div>
            ))}
          </dl>
          <div className="table-scroll" tabIndex={0}>
            <table className="strategy-table risks-table" data-testid="risks-table">
              <caption>
                {t(data.unit === 'cells' ? 'risks.compare.tableCells' : 'risks.compare.tableDistricts', {
                  shown: formatNumber(rows.length, lang),
                  total: formatNumber(data.model.rows.length, lang),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t(data.unit === 'cells' ? 'risks.compare.colCell' : 'risks.compare.colDistrict')}</th>
                  <th scope="col">{t('risks.compare.colPerceived')}</th>
                  <th scope="col">{t('risks.compare.colActual')}</th>
                  <th scope="col">{t('risks.compare.colClass')}</th>
                  <th scope="col">p</th>
                  <th scope="col">q</th>
                  <th scope="col" className="risks-show">
                    <span className="visually-hidden">{t('risks.compare.colShow')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-class={row.cls}>
                    <th scope="row" className="risks-unit-name">
                      {unitLabel(row)}
                    </th>
                    <td>
                      {formatNumber(row.perceived, lang)} <span className="hint">({t('risks.compare.perKm2', { n: fmt(row.perceivedRate) })})</span>
                    </td>
                    <td>
                      {formatNumber(row.actual, lang)} <span className="hint">({t('risks.compare.perKm2', { n: fmt(row.actualRate) })})</span>
                    </td>
                    <td>
                      <ClassSwatch cls={row.cls} /> {className(row.cls)}
                    </td>
                    <td>{fmtP(row.p)}</td>
                    <td>{fmtP(row.q)}</td>
                    <td className="risks-show">
                      <Button
                        variant="link"
                        onClick={() => {
                          const [lon, lat] = row.centre;
                          const d = data.unit === 'cells' ? 0.006 : 0.015;
                          onFitBounds([lon - d, lat - d / 1.8, lon + d, lat + d / 1.8]);
                        }}
                      >
                        {t('risks.compare.show')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.model.rows.length > ROWS_SHOWN ? (
            <Button variant="secondary" onClick={() => setShowAll(!showAll)}>
              {showAll ? t('risks.compare.showFewer') : t('risks.compare.showAll', { n: formatNumber(data.model.rows.length, lang) })}
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
