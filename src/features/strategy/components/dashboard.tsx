import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { challengeDashboard, type ChallengeDashboard, type ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery, useGeoJsonFile, useMalmoBoundary } from '../../../hooks';
import type { Challenge } from '../../../domain/challenges';
import { MEASURE_STATUSES, SCORE_MAX } from '../../../domain/measures';
import { choroplethColor, choroplethLayers } from '../../../map/choropleth-layers';
import { bboxOf } from '../../../map/print-basemap';
import { PrintMap } from '../../../map/print-map';
import { Button, ErrorMessage, formatNumber, nameOf, toLang } from '../../../ui';
import { buildChoropleth, DISTRICT_LEVELS, type DistrictLevel } from '../lib/choropleth';
import { fillMonths, withEvents } from '../lib/monthly-chart';
import type { SetOverlay } from '../types';
import { MonthlyChart } from './monthly-chart';
import { useBoundaries } from './use-boundaries';
import { ChallengeFilters } from './challenge-filters';
import { useMeasures } from './use-measures';
import { usePeriod, usePeriods } from './use-periods';
import { riskTypesLabel, typeLabel } from '../risks/lib/type-label';

export const CHOROPLETH_OVERLAY = 'strategy-choropleth';

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The dashboard's selection; kept by the panel so it survives a visit to the measures. */
export interface DashboardFilters {
  challenge: Challenge | '';
  /** The published strategy period whose challenges are listed; '' = the period in force. */
  strategyPeriod: string;
  /** The date window; null = the chosen strategy period's last twelve months (defaultWindow). */
  period: { from: string; to: string } | null;
  district: string;
  level: DistrictLevel;
}

export function defaultDashboardFilters(): DashboardFilters {
  return { challenge: '', strategyPeriod: '', period: null, district: '', level: 'stadsdel' };
}

/** The later of two 'YYYY-MM-DD' days (a period published from a later day has no reports yet, not a reversed window). */
const maxDay = (a: string, b: string) => (a > b ? a : b);

/**
 * The default window: the last twelve whole months up to today, or up to the strategy period's end, never before
 * its start (a period of seven years would otherwise open on six years of empty months). Without a period (they
 * cannot be read) the last twelve months up to today.
 */
function defaultWindow(p?: { starts_on: string; ends_on: string | null }): { from: string; to: string } {
  const today = isoDay(new Date());
  const to = !p ? today : p.ends_on && p.ends_on < today ? p.ends_on : maxDay(p.starts_on, today);
  const end = dayStart(to)!;
  const from = isoDay(new Date(end.getFullYear(), end.getMonth() - 11, 1));
  return { from: p ? maxDay(p.starts_on, from) : from, to };
}

/** Local midnight of a 'YYYY-MM-DD' day; `end` gives the next day's midnight (an exclusive end). */
function dayStart(day: string, end = false): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0));
}

function monthlyRows(
  data: ChallengeDashboard,
  period: { from: string; to: string } | null,
): ReturnType<typeof fillMonths> {
  const rows = fillMonths(data.monthly, period?.from, period?.to);
  return data.risk ? withEvents(rows, data.risk.monthly, data.risk.sources) : rows;
}

export function Dashboard({
  backend,
  reference,
  ready,
  setOverlay,
  onNavigate,
  filters,
  onFilters,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  setOverlay: SetOverlay;
  onNavigate(sub: string): void;
  filters: DashboardFilters;
  onFilters(next: DashboardFilters): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const { challenge, district, level } = filters;
  // The strategy period: its prioritised challenges are the ones offered, and its dates the default window.
  const periods = usePeriods(backend, ready);
  const published = (periods.data ?? []).filter((p) => p.status === 'published');
  const chosenPeriod =
    published.find((p) => p.id === filters.strategyPeriod) ?? published.find((p) => p.in_force) ?? published[0];
  const chosenDetail = usePeriod(backend, ready, chosenPeriod?.id ?? null);
  const periodChallenges = chosenDetail.data?.challenges.filter((c) => c.prioritised);
  const shownReference = reference && periodChallenges ? { ...reference, challenges: periodChallenges } : reference;
  const period =
    filters.period ??
    (chosenPeriod?.starts_on
      ? defaultWindow({ starts_on: chosenPeriod.starts_on, ends_on: chosenPeriod.ends_on })
      : periods.isError
        ? defaultWindow()
        : null);
  const setChallenge = (c: Challenge | '') => onFilters({ ...filters, challenge: c });
  const setPeriod = (p: { from: string; to: string }) => onFilters({ ...filters, period: p });
  // Another strategy period: its window, and no challenge it does not have.
  const setStrategyPeriod = (id: string) => onFilters({ ...filters, strategyPeriod: id, period: null, challenge: '' });
  const setDistrict = (d: string) => onFilters({ ...filters, district: d });
  const setLevel = (l: DistrictLevel) => onFilters({ ...filters, level: l });

  const from = period ? dayStart(period.from) : null;
  const to = period ? dayStart(period.to, true) : null;
  const query = useQuery({
    ...apiQuery(backend, challengeDashboard, { challenge: challenge || null, from, to, level, district: district || null }),
    enabled: ready && period !== null,
  });
  const measures = useMeasures(backend, ready, challenge || null, null);
  const boundaries = useBoundaries(level);
  const areas = useBoundaries('stadsdel');

  const districtOptions = useMemo(() => {
    const stadsdelar = new Set<string>();
    const stadsomraden = new Set<string>();
    for (const f of areas.data?.features ?? []) {
      if (f.properties?.name) stadsdelar.add(String(f.properties.name));
      if (f.properties?.stadsomrade) stadsomraden.add(String(f.properties.stadsomrade));
    }
    const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, 'sv'));
    return { stadsdelar: sorted(stadsdelar), stadsomraden: sorted(stadsomraden) };
  }, [areas.data]);

  const data = query.data;
  const choropleth = useMemo(
    () => (data && boundaries.data ? buildChoropleth(level, boundaries.data, data.by_district) : null),
    [data, boundaries.data, level],
  );
  // Reports and, for a challenge with risk types, its events of actual risk month by month ("no data" outside
  // the events' sources' ranges).
  // (A few hundred months at most: computed on each render, the React compiler memoises it.)
  const monthly = data ? monthlyRows(data, period) : [];
  // The events per area beside the reports' (the same level's codes).
  const eventsByDistrict = data?.risk ? new Map(data.risk.by_district.map((d) => [d.code, d.n])) : null;

  const fmt = (n: number) => formatNumber(Math.round(n * 10) / 10, lang);
  useEffect(() => {
    if (!choropleth) {
      setOverlay(CHOROPLETH_OVERLAY, null);
      return;
    }
    setOverlay(CHOROPLETH_OVERLAY, {
      id: CHOROPLETH_OVERLAY,
      label: t('dashboard.choroplethLabel'),
      data: choropleth.data,
      layers: choroplethLayers(CHOROPLETH_OVERLAY, choropleth.ranges.length),
      below: 'labels',
      legend: (
        <div className="strategy-legend">
          <ul>
            {choropleth.ranges.map(([lo, hi], k) => (
              <li key={k}>
                <span
                  className="strategy-swatch"
                  style={{ background: choroplethColor(k), borderWidth: 1 + k }}
                  aria-hidden="true"
                />{' '}
                {t('dashboard.legendRange', { k: k + 1, from: fmt(lo), to: fmt(hi) })}
              </li>
            ))}
          </ul>
          <p>{t('dashboard.legendNote')}</p>
        </div>
      ),
    });
    // fmt depends on lang only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choropleth, setOverlay, t, lang]);
  useEffect(() => () => setOverlay(CHOROPLETH_OVERLAY, null), [setOverlay]);

  const challengeName = (c: string) => nameOf(shownReference?.challenges.find((x) => x.code === c), lang, c);
  const categoryName = (c: string) => nameOf(reference?.categories.find((x) => x.code === c), lang, c);
  const caption = `${t('dashboard.chartTitle')} — ${challenge ? challengeName(challenge) : t('allChallenges')}`;

  return (
    <section className="strategy-dashboard strategy-printable" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('dashboard.title')}
      </h3>
      <label className="strategy-period-select">
        {t('dashboard.strategyPeriod')}
        <select value={chosenPeriod?.id ?? ''} onChange={(e) => setStrategyPeriod(e.target.value)} data-testid="dashboard-period">
          {published.length === 0 ? <option value="">{t('loading')}</option> : null}
          {published.map((p) => (
            <option key={p.id} value={p.id}>
              {p.in_force ? t('dashboard.periodInForce', { name: p.name }) : p.name}
            </option>
          ))}
        </select>
      </label>
      {periods.isError ? <ErrorMessage error={periods.error} onRetry={() => void periods.refetch()} /> : null}
      <ChallengeFilters reference={shownReference} challenge={challenge} onChallenge={setChallenge}>
        <label>
          {t('dashboard.from')}
          <input type="date" value={period?.from ?? ''} onChange={(e) => period && e.target.value && setPeriod({ ...period, from: e.target.value })} />
        </label>
        <label>
          {t('dashboard.to')}
          <input type="date" value={period?.to ?? ''} onChange={(e) => period && e.target.value && setPeriod({ ...period, to: e.target.value })} />
        </label>
        <label>
          {t('dashboard.district')}
          <select value={district} onChange={(e) => setDistrict(e.target.value)}>
            <option value="">{t('dashboard.allDistricts')}</option>
            <optgroup label={t('dashboard.stadsomraden')}>
              {districtOptions.stadsomraden.map((d) => (
                <option key={`o-${d}`} value={d}>
                  {d}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('dashboard.stadsdelar')}>
              {districtOptions.stadsdelar.map((d) => (
                <option key={`d-${d}`} value={d}>
                  {d}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      </ChallengeFilters>

      {!ready ? <p className="hint">{t('waiting')}</p> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending && ready ? <p className="hint" role="status">{t('loading')}</p> : null}

      {data ? (
        <>
          <h4>{t('dashboard.summary')}</h4>
          <dl className="strategy-figures" data-testid="dashboard-summary">
            <div>
              <dt>{t('dashboard.total')}</dt>
              <dd data-testid="dashboard-total">{formatNumber(data.total, lang)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.dark')}</dt>
              <dd>
                {t('dashboard.darkShare', {
                  n: formatNumber(data.dark, lang),
                  share: formatNumber(data.total > 0 ? Math.round((1000 * data.dark) / data.total) / 10 : 0, lang),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('dashboard.median')}</dt>
              <dd>
                {data.median_days_to_resolved == null
                  ? t('dashboard.medianNone')
                  : t('dashboard.medianDays', {
                      count: data.median_days_to_resolved,
                      formatted: fmt(data.median_days_to_resolved),
                    })}
              </dd>
            </div>
            <div>
              <dt>{t('dashboard.supports')}</dt>
              <dd>{formatNumber(data.supports, lang)}</dd>
            </div>
            {data.risk ? (
              <div>
                <dt>{t('dashboard.eventsTotal')}</dt>
                <dd data-testid="dashboard-events-total">{formatNumber(data.risk.total, lang)}</dd>
              </div>
            ) : null}
          </dl>

          <h4>{t('dashboard.monthly')}</h4>
          {data.total === 0 ? <p className="hint">{t('dashboard.noData')}</p> : null}
          <MonthlyChart rows={monthly} caption={caption} />
          {data.risk ? (
            <p className="hint" data-testid="dashboard-risk-sources">
              {data.risk.sources.length === 0
                ? t('dashboard.riskNoSources', { types: riskTypesLabel(t, data.risk.types) })
                : t('dashboard.riskSources', {
                    types: riskTypesLabel(t, data.risk.types),
                    sources: data.risk.sources
                      .map((s) => t('dashboard.riskSource', { name: s.name, from: s.period_from, to: s.period_to }))
                      .join('; '),
                  })}
            </p>
          ) : null}
          {data.risk && data.risk.by_type.length > 0 ? (
            <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="events-by-type">
              <caption>{t('dashboard.eventsByType')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.eventType')}</th>
                  <th scope="col">{t('dashboard.count')}</th>
                </tr>
              </thead>
              <tbody>
                {data.risk.by_type.map((r) => (
                  <tr key={r.type}>
                    <th scope="row">{typeLabel(t, r.type)}</th>
                    <td>{formatNumber(r.n, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          ) : null}

          <h4>{t('dashboard.byCategory')}</h4>
          <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="category-table">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.category')}</th>
                <th scope="col">{t('dashboard.count')}</th>
              </tr>
            </thead>
            <tbody>
              {[...data.by_category]
                .sort((a, b) => b.n - a.n)
                .map((c) => (
                  <tr key={c.code}>
                    <th scope="row">{categoryName(c.code)}</th>
                    <td>{formatNumber(c.n, lang)}</td>
                  </tr>
                ))}
            </tbody>
          </table></div>

          <h4>{t('dashboard.byDistrict')}</h4>
          <fieldset className="strategy-levels">
            <legend>{t('dashboard.level')}</legend>
            {DISTRICT_LEVELS.map((l) => (
              <label key={l}>
                <input type="radio" name={`${id}-level`} value={l} checked={level === l} onChange={() => setLevel(l)} />{' '}
                {t(`dashboard.levels.${l}`)}
              </label>
            ))}
          </fieldset>
          {boundaries.isError ? <ErrorMessage error={boundaries.error} onRetry={() => void boundaries.refetch()} /> : null}
          {choropleth ? (
            <ChoroplethPrintMap
              choropleth={choropleth}
              label={t('dashboard.printMapLabel', { level: t(`dashboard.levels.${level}`).toLowerCase() })}
              legend={choropleth.ranges.map(([lo, hi], k) => t('dashboard.legendRange', { k: k + 1, from: fmt(lo), to: fmt(hi) }))}
              note={t('dashboard.legendNote')}
            />
          ) : null}
          {choropleth ? (
            <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="district-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.districtName')}</th>
                  <th scope="col">{t('dashboard.count')}</th>
                  <th scope="col">{t('dashboard.perKm2')}</th>
                  <th scope="col">{t('dashboard.class')}</th>
                  {eventsByDistrict ? <th scope="col">{t('dashboard.events')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {choropleth.rows.map((r) => (
                  <tr key={r.code}>
                    <th scope="row">{r.name}</th>
                    <td>{formatNumber(r.n, lang)}</td>
                    <td>{r.perKm2 == null ? '–' : fmt(r.perKm2)}</td>
                    <td>
                      {r.cls < 0 ? (
                        '–'
                      ) : (
                        <>
                          <span className="strategy-swatch" style={{ background: choroplethColor(r.cls) }} aria-hidden="true" />{' '}
                          {t('dashboard.classOf', { k: r.cls + 1, n: choropleth.ranges.length })}
                        </>
                      )}
                    </td>
                    {eventsByDistrict ? <td data-events={eventsByDistrict.get(r.code) ?? 0}>{formatNumber(eventsByDistrict.get(r.code) ?? 0, lang)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table></div>
          ) : null}
        </>
      ) : null}

      <h4>{t('dashboard.measuresTitle')}</h4>
      <p className="hint">{t('dashboard.measuresHelp')}</p>
      {measures.isError ? <ErrorMessage error={measures.error} onRetry={() => void measures.refetch()} /> : null}
      {measures.data ? (
        measures.data.items.length === 0 ? (
          <p>{t('dashboard.noMeasures')}</p>
        ) : (
          <>
            <p data-testid="dashboard-measure-status">
              {t('dashboard.byStatus')}:{' '}
              {MEASURE_STATUSES.map((st) => {
                const n = measures.data.items.filter((m) => m.status === st).length;
                return n > 0 ? `${t(`measures.statuses.${st}`)} ${formatNumber(n, lang)}` : null;
              })
                .filter(Boolean)
                .join(', ')}
            </p>
            <div className="table-scroll" tabIndex={0}><table className="strategy-table" data-testid="dashboard-measures">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.measureCol')}</th>
                  <th scope="col">{t('dashboard.statusCol')}</th>
                  <th scope="col">{t('dashboard.departmentCol')}</th>
                  <th scope="col">{t('dashboard.scoreCol')}</th>
                </tr>
              </thead>
              <tbody>
                {measures.data.items
                  .filter((m) => m.status !== 'cancelled')
                  .slice(0, 15)
                  .map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{m.title}</th>
                      <td>{t(`measures.statuses.${m.status}`)}</td>
                      <td>{m.department || '–'}</td>
                      <td>
                        {m.score}/{SCORE_MAX}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table></div>
            <Button variant="link" onClick={() => onNavigate('measures')}>
              {t('dashboard.allMeasures')}
            </Button>
          </>
        )
      ) : null}
    </section>
  );
}

/**
 * The reports per km² by area on the offline basemap, for paper only (on screen the live map beside the panel shows
 * the same overlay): the whole municipality, the classes' colours and their legend in words.
 */
function ChoroplethPrintMap({
  choropleth,
  label,
  legend,
  note,
}: {
  choropleth: NonNullable<ReturnType<typeof buildChoropleth>>;
  label: string;
  legend: string[];
  note: string;
}) {
  const boundary = useMalmoBoundary({ simplified: true });
  const districts = useGeoJsonFile('malmo_delomraden_simplified.geojson');
  const extent = useMemo(() => (boundary.data ? bboxOf(boundary.data.geometry) : null), [boundary.data]);
  if (!extent) return null;
  return (
    <figure className="strategy-print-only strategy-print-map">
      <PrintMap content={extent} kommun={boundary.data} districts={districts.data} label={label} aspect={0.7} testId="dashboard-print-map">
        {(frame) =>
          choropleth.data.features.map((f) => {
            const cls = Number(f.properties?.cls);
            if (!(cls >= 0)) return null;
            return (
              <path
                key={String(f.properties?.code)}
                d={frame.path(f.geometry)}
                fill={choroplethColor(cls)}
                fillOpacity={0.75}
                stroke="#3a1a00"
                strokeWidth={0.5 + cls * 0.5}
                fillRule="evenodd"
              />
            );
          })
        }
      </PrintMap>
      <figcaption>
        <ul className="strategy-print-legend">
          {legend.map((text, k) => (
            <li key={k}>
              <span className="strategy-swatch" style={{ background: choroplethColor(k) }} aria-hidden="true" /> {text}
            </li>
          ))}
        </ul>
        {note}
      </figcaption>
    </figure>
  );
}
