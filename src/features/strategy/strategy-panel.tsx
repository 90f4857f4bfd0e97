import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Measure } from '../../api';
import type { Challenge } from '../../domain/challenges';
import type { MeasureSeed } from '../../domain/measures';
import type { LonLat, MapOverlay } from '../../map/overlay';
import { ErrorMessage } from '../../ui';
import { AnnualFollowup } from './components/annual-followup';
import { Dashboard, defaultDashboardFilters } from './components/dashboard';
import { EffectView } from './components/effect-view';
import { MeasureForm } from './components/measure-form';
import { MeasuresList } from './components/measures-list';
import { ActionPlanView } from './components/action-plan-form';
import { Periods } from './components/periods';
import { PeriodView } from './components/period-view';
import { PlanFollowup } from './components/plan-followup';
import { periodOfYear } from './lib/period-of-year';
import { usePeriod, usePeriods } from './components/use-periods';
import { RisksView } from './risks/risks-view';
import { useReportsChanged } from '../../hooks';
import { useInvalidateStrategy, useMeasures } from './components/use-measures';
import { useRole } from './components/use-role';
import { parseStrategyPath, type StrategyView } from './lib/route';
import type { StaffPanelProps } from './types';
import './strategy.css';

const NAV: { key: 'dashboard' | 'measures' | 'year' | 'periods' | 'risks'; sub: string; match: (v: StrategyView) => boolean }[] = [
  { key: 'dashboard', sub: 'dashboard', match: (v) => v.view === 'dashboard' },
  { key: 'measures', sub: 'measures', match: (v) => ['measures', 'new', 'edit', 'effect'].includes(v.view) },
  { key: 'year', sub: 'year', match: (v) => v.view === 'year' },
  { key: 'periods', sub: 'periods', match: (v) => ['periods', 'period', 'plan'].includes(v.view) },
  { key: 'risks', sub: 'risks', match: (v) => v.view === 'risks' },
];

const NO_OVERLAYS: MapOverlay[] = [];

/** Strategi: the challenge dashboard, the measures register, effects and the annual follow-up. */
export function StrategyPanel(props: StaffPanelProps) {
  const { backend, reference, ready, active, subPath, measureSeed } = props;
  const { t } = useTranslation('strategy');
  const role = useRole(backend);
  const canEditStrategy = role === 'strategist' || role === 'admin';
  // The shell's callbacks keep their identity (StaffPanelProps), so they can be effect dependencies as they are.
  const { onNavigate: navigate, onFitBounds: fitBounds, onOverlays, onMapClick: mapClick, onCreateMeasure: createMeasure } = props;
  const invalidate = useInvalidateStrategy();
  // After an action that replaces the view (edit, effect, save, "Skapa åtgärd"), focus goes to the new
  // view's heading instead of being lost with the button that was pressed. The nav links keep their focus.
  const root = useRef<HTMLDivElement>(null);
  const focusHeading = useRef(false);
  const go = useCallback(
    (sub: string) => {
      focusHeading.current = true;
      navigate(sub);
    },
    [navigate],
  );
  useEffect(() => {
    if (!focusHeading.current || !active) return;
    const heading = root.current?.querySelector<HTMLElement>('h3');
    if (heading) {
      focusHeading.current = false;
      heading.focus();
    }
  });
  // Print only the view that is shown (the dashboard, an effect, the follow-up; see strategy.css) while the
  // Strategi tab is open, on the whole page.
  useEffect(() => {
    if (!active) return;
    document.documentElement.classList.add('strategy-print');
    return () => document.documentElement.classList.remove('strategy-print');
  }, [active]);
  const seedRef = useRef(measureSeed);
  useEffect(() => {
    if (measureSeed && measureSeed !== seedRef.current) focusHeading.current = true;
    seedRef.current = measureSeed;
  }, [measureSeed]);
  useReportsChanged(backend, ready && active);
  const view = parseStrategyPath(subPath, new Date().getFullYear());

  // Each view registers its layers under a key; the shell gets them merged.
  const [overlays, setOverlays] = useState<Record<string, MapOverlay>>({});
  const setOverlay = useCallback((key: string, overlay: MapOverlay | null) => {
    setOverlays((prev) => {
      if (!overlay && !(key in prev)) return prev;
      const next = { ...prev };
      if (overlay) next[key] = overlay;
      else delete next[key];
      return next;
    });
  }, []);
  // Faktiska risker hands its layers as a list (RisksView's own contract); they join the views' keyed ones.
  const [riskOverlays, setRiskOverlays] = useState<MapOverlay[]>([]);
  // Only while that view is shown: it may leave its last list behind when it is left.
  const shownRiskOverlays = view.view === 'risks' ? riskOverlays : NO_OVERLAYS;
  useEffect(() => onOverlays([...Object.values(overlays), ...shownRiskOverlays]), [overlays, shownRiskOverlays, onOverlays]);
  useEffect(() => () => onOverlays([]), [onOverlays]);

  // Map clicks belong to this panel only while it is shown.
  const onMapClick = useCallback(
    (handler: ((p: LonLat) => void) | null) => mapClick(active ? handler : null),
    [active, mapClick],
  );

  // The year view offers the prioritised challenges of the period that held the year (a past year: its own period's),
  // the reference data's (the period in force) until that is known. Without a challenge in its route it shows the
  // first of them: no code is a default in TypeScript.
  const periods = usePeriods(backend, ready && view.view === 'year');
  const yearPeriodId = view.view === 'year' && periods.data ? (periodOfYear(periods.data, view.year)?.id ?? null) : null;
  const yearPeriod = usePeriod(backend, ready, yearPeriodId);
  const yearChallenges =
    yearPeriod.data?.challenges.filter((c) => c.prioritised).sort((a, b) => a.sort - b.sort) ?? reference?.challenges;
  const yearChallenge = view.view === 'year' ? (view.challenge ?? yearChallenges?.[0]?.code ?? null) : null;

  const [saved, setSaved] = useState<string | null>(null);
  const [dashboardFilters, setDashboardFilters] = useState(defaultDashboardFilters);
  const needsMeasure = view.view === 'edit' || view.view === 'effect';
  const all = useMeasures(backend, ready && needsMeasure, null, null);
  const measure: Measure | null =
    needsMeasure ? (all.data?.items.find((m) => m.id === (view as { id: string }).id) ?? null) : null;

  const onSaved = (m: Measure) => {
    invalidate();
    setSaved(m.title);
    go('measures');
  };
  const onSeed = (seed: MeasureSeed) => {
    focusHeading.current = true;
    createMeasure(seed);
  };
  const seedKey = measureSeed ? `${measureSeed.source_kind}:${measureSeed.source_ref}` : 'none';

  return (
    <div className="strategy" ref={root}>
      <h2 className="visually-hidden">{t('title')}</h2>
      <nav aria-label={t('nav.label')} className="strategy-nav strategy-no-print">
        <ul>
          {NAV.map((n) => (
            <li key={n.key}>
              <a
                href={`#/strategy/${n.sub}`}
                aria-current={n.match(view) ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setSaved(null);
                  navigate(n.sub);
                }}
              >
                {t(`nav.${n.key}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {saved && view.view === 'measures' ? (
        <p role="status" className="strategy-saved">
          {t('form.saved')} ({saved})
        </p>
      ) : null}
      {view.view === 'dashboard' ? (
        <Dashboard
          backend={backend}
          reference={reference}
          ready={ready}
          setOverlay={setOverlay}
          onNavigate={go}
          filters={dashboardFilters}
          onFilters={setDashboardFilters}
        />
      ) : null}
      {view.view === 'measures' ? (
        <MeasuresList
          backend={backend}
          reference={reference}
          ready={ready}
          setOverlay={setOverlay}
          onNavigate={go}
          onFitBounds={fitBounds}
        />
      ) : null}
      {view.view === 'new' ? (
        <MeasureForm
          key={seedKey}
          backend={backend}
          reference={reference}
          measure={null}
          seed={measureSeed}
          role={role}
          setOverlay={setOverlay}
          onMapClick={onMapClick}
          onSaved={onSaved}
          onCancel={() => go('measures')}
        />
      ) : null}
      {needsMeasure && all.isError ? <ErrorMessage error={all.error} onRetry={() => void all.refetch()} /> : null}
      {needsMeasure && all.isPending ? <p role="status">{t('loading')}</p> : null}
      {needsMeasure && all.data && !measure ? <ErrorMessage error={{ message: 'measure_not_found' }} /> : null}
      {view.view === 'edit' && measure ? (
        <MeasureForm
          key={measure.id + measure.updated_at}
          backend={backend}
          reference={reference}
          measure={measure}
          seed={null}
          role={role}
          setOverlay={setOverlay}
          onMapClick={onMapClick}
          onSaved={onSaved}
          onCancel={() => go('measures')}
        />
      ) : null}
      {view.view === 'effect' && measure ? (
        <EffectView backend={backend} ready={ready} measure={measure} setOverlay={setOverlay} onFitBounds={fitBounds} onBack={() => go('measures')} />
      ) : null}
      {view.view === 'year' ? (
        <div className="strategy-printable">
          <PlanFollowup backend={backend} reference={reference} ready={ready} year={view.year} />
        </div>
      ) : null}
      {view.view === 'year' && !yearChallenge ? <p role="status">{t('loading')}</p> : null}
      {view.view === 'year' && yearChallenge ? (
        <AnnualFollowup
          backend={backend}
          reference={reference}
          ready={ready}
          year={view.year}
          challenge={yearChallenge as Challenge}
          challenges={yearChallenges}
          setOverlay={setOverlay}
          onNavigate={navigate}
          onOpenMeasure={(measureId) => go(`measures/${measureId}`)}
          onFitBounds={fitBounds}
          onSeed={onSeed}
        />
      ) : null}
      {view.view === 'risks' ? (
        <RisksView backend={backend} reference={reference} ready={ready} active={active} onOverlays={setRiskOverlays} onFitBounds={fitBounds} />
      ) : null}
      {view.view === 'periods' ? <Periods backend={backend} ready={ready} canEdit={canEditStrategy} onOpen={(id) => go(`periods/${id}`)} /> : null}
      {view.view === 'period' ? (
        <PeriodView backend={backend} reference={reference} ready={ready} id={view.id} canEdit={canEditStrategy} onNavigate={go} />
      ) : null}
      {view.view === 'plan' ? (
        <ActionPlanView
          backend={backend}
          reference={reference}
          ready={ready}
          periodId={view.id}
          challenge={view.challenge}
          year={view.year}
          canEdit={canEditStrategy}
          onNavigate={go}
        />
      ) : null}
    </div>
  );
}
