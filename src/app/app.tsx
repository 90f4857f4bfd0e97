import './zod-jitless'; // must stay first: see the file
import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { listCategories } from '../api';
import type { Backend } from '../backend';
import type { MeasureSeed } from '../domain/measures';
import { AuthControls, DeleteMyData, useIdentity } from '../features/auth';
import {
  BrowsePanel,
  DEFAULT_FILTERS,
  ReportDetailPanel,
  useReportsInView,
  type BrowseFilters,
  type Viewport,
} from '../features/browse';
import { MyReportsPanel, ReportPanel, useReportOutboxRunner } from '../features/report';
import { MapView, type LonLat as MapLonLat, type MapOverlay } from '../map';
import { ErrorMessage } from '../ui';
import { setupI18n } from './i18n';
import { LanguageSwitch } from './language-switch';
import { createQueryClient, isReportDataQuery } from './query-client';
import { nextTab, STAFF_TABS, type StaffTab, type Tab } from './route';
import { CrewOutboxRunner, PublicMeasures, STAFF_PANELS, STAFF_TABS_FOR_ROLE } from './staff-panels';
import { StartupOverlay } from './startup-overlay';
import { useBackendStart } from './use-backend-start';
import { useHashRoute } from './use-hash-route';

type LonLat = { lon: number; lat: number };
type FlyTo = { lon: number; lat: number; zoom?: number; key: number };

const i18n = setupI18n();

/** The composition root: providers around the shell. */
export function App({ backend }: { backend: Backend }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Shell backend={backend} />
      </QueryClientProvider>
    </I18nextProvider>
  );
}

const TAB_KEYS: Record<Tab, string> = {
  browse: 'tabs.browse',
  report: 'tabs.report',
  mine: 'tabs.mine',
  crew: 'tabs.crew',
  plan: 'tabs.plan',
  strategy: 'tabs.strategy',
  moderation: 'tabs.moderation',
};
const PUBLIC_TABS: readonly Tab[] = ['browse', 'report', 'mine'];
const NO_VISITS: Record<Tab, boolean> = { browse: true, report: false, mine: false, crew: false, plan: false, strategy: false, moderation: false };
type OverlayOwner = StaffTab | 'public';
/** Drawing order, bottom first. */
const OVERLAY_OWNERS: readonly OverlayOwner[] = ['public', ...STAFF_TABS];

function Shell({ backend }: { backend: Backend }) {
  const { t } = useTranslation('common');
  const queryClient = useQueryClient();
  const [start, retryStart] = useBackendStart(backend);
  const ready = start.phase === 'ready';
  const [route, navigate] = useHashRoute();
  const identity = useIdentity(backend);
  const tabsShown = useMemo(() => [...PUBLIC_TABS, ...STAFF_TABS_FOR_ROLE[identity.role]], [identity.role]);
  // A staff route the role cannot see falls back to Utforska.
  const tab: Tab = tabsShown.includes(route.tab) ? route.tab : 'browse';
  const reportId = route.reportId;
  // Each staff area keeps its place (its sub-route) when another tab is opened in between.
  const [lastSub, setLastSub] = useState<Partial<Record<Tab, string>>>({});
  if ((STAFF_TABS as readonly Tab[]).includes(route.tab) && lastSub[route.tab] !== route.sub) {
    setLastSub({ ...lastSub, [route.tab]: route.sub });
  }

  const reference = useQuery({
    queryKey: ['list_categories'],
    queryFn: () => listCategories.call(backend, {}),
    enabled: ready,
    staleTime: Infinity,
    gcTime: Infinity,
  });

  // Map view and browse filters (owned here: the map and the text list show the same data).
  const [view, setView] = useState<Viewport | null>(null);
  const [filters, setFilters] = useState<BrowseFilters>(DEFAULT_FILTERS);
  const inView = useReportsInView(backend, view, filters, ready);
  // Reports queued without network are sent from here, whichever tab is shown.
  useReportOutboxRunner(backend, ready);

  // Report flow: the pin is owned here and shared between the map and the report panel.
  const [pin, setPin] = useState<LonLat | null>(null);
  const [pinMode, setPinMode] = useState(false);
  const [pinConfirmKey, setPinConfirmKey] = useState(0);
  const [flyTo, setFlyTo] = useState<FlyTo | null>(null);
  const flyKey = useRef(0);
  const fly = useCallback((p: LonLat, zoom?: number) => {
    flyKey.current += 1;
    setFlyTo({ lon: p.lon, lat: p.lat, zoom, key: flyKey.current });
  }, []);

  // Panels are mounted on first visit and kept (hidden) so a half-written report survives tab switches.
  const [visited, setVisited] = useState<Record<Tab, boolean>>(NO_VISITS);
  if (!visited[tab]) setVisited({ ...visited, [tab]: true });

  // Map overlays, per owner (each staff area and the public measures layer); shown together.
  // `all` is kept beside `by` (not memoised from it) so that the map gets a new array only when one changes.
  const [overlayState, setOverlayState] = useState<{
    by: Partial<Record<OverlayOwner, MapOverlay[]>>;
    all: MapOverlay[];
  }>({ by: {}, all: [] });
  const overlaySetters = useMemo(
    () =>
      Object.fromEntries(
        OVERLAY_OWNERS.map((owner) => [
          owner,
          (overlays: MapOverlay[]) =>
            setOverlayState((prev) => {
              const by = { ...prev.by, [owner]: overlays };
              return { by, all: OVERLAY_OWNERS.flatMap((o) => by[o] ?? []) };
            }),
        ]),
      ) as Record<OverlayOwner, (overlays: MapOverlay[]) => void>,
    [],
  );
  const overlays = overlayState.all;
  // Map clicks captured by a staff area (drawing), only while its tab is shown.
  const [mapClick, setMapClick] = useState<{ owner: StaffTab; handler: (p: MapLonLat) => void } | null>(null);
  const mapClickSetters = useMemo(
    () =>
      Object.fromEntries(
        STAFF_TABS.map((owner) => [
          owner,
          (handler: ((p: MapLonLat) => void) | null) =>
            setMapClick((prev) => (handler ? { owner, handler } : prev?.owner === owner ? null : prev)),
        ]),
      ) as Record<StaffTab, (handler: ((p: MapLonLat) => void) | null) => void>,
    [],
  );
  const [fitBounds, setFitBounds] = useState<{ bbox: [number, number, number, number]; key: number } | null>(null);
  const fitTo = useCallback((bbox: [number, number, number, number]) => {
    flyKey.current += 1;
    setFitBounds({ bbox, key: flyKey.current });
  }, []);
  // A hotspot cell or a development handed to Strategi as the seed of a new measure.
  const [measureSeed, setMeasureSeed] = useState<MeasureSeed | null>(null);
  // The seed is used up once Strategi has moved on from the new-measure form.
  if (measureSeed && !(route.tab === 'strategy' && route.sub.startsWith('measures/new'))) setMeasureSeed(null);
  const createMeasure = useCallback(
    (seed: MeasureSeed) => {
      setMeasureSeed(seed);
      navigate({ tab: 'strategy', reportId: null, sub: 'measures/new' });
    },
    [navigate],
  );

  // Focus return for the detail: remember what had focus when it opened.
  const returnFocus = useRef<HTMLElement | null>(null);
  const returnRoute = useRef<{ tab: Tab; sub: string }>({ tab: 'browse', sub: '' });
  // Where we are, for openReport (kept in a ref so that openReport keeps one identity: see staffNavigate).
  const here = useRef({ reportId, tab, sub: route.sub });
  useEffect(() => {
    here.current = { reportId, tab, sub: route.sub };
  }, [reportId, tab, route.sub]);
  const openReport = useCallback(
    (id: string) => {
      const active = document.activeElement;
      if (!here.current.reportId) {
        returnFocus.current = active instanceof HTMLElement && active !== document.body ? active : null;
        returnRoute.current = { tab: here.current.tab, sub: here.current.sub };
      }
      navigate({ tab: 'browse', reportId: id, sub: '' });
    },
    [navigate],
  );
  const pendingFocus = useRef(false);
  const closeReport = useCallback(() => {
    pendingFocus.current = true;
    navigate({ tab: returnRoute.current.tab, reportId: null, sub: returnRoute.current.sub });
  }, [navigate]);
  // After the detail has closed and the previous panel is visible again, give focus back.
  useEffect(() => {
    if (reportId || !pendingFocus.current) return;
    pendingFocus.current = false;
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target && target.isConnected && target.getClientRects().length > 0) target.focus();
    else document.getElementById('main-panel')?.focus();
  }, [reportId, tab]);

  const selectTab = useCallback(
    (next: Tab, focus = false) => {
      navigate({ tab: next, reportId: null, sub: lastSub[next] ?? '' });
      if (focus) requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
    },
    [navigate, lastSub],
  );
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const next = nextTab(tab, e.key, tabsShown);
    if (next) {
      e.preventDefault();
      selectTab(next, true);
    }
  };

  // Every callback a staff panel gets keeps its identity for the panel's lifetime (like overlaySetters): the
  // panels put them in memos and effects, and those effects report overlays to this shell, which re-renders it.
  // A new arrow per render closed that circle (render → new onNavigate → new overlay → onOverlays → render …)
  // and kept the hidden Planering panel re-rendering and the map re-syncing for as long as it was mounted.
  const staffNavigate = useMemo(
    () =>
      Object.fromEntries(
        STAFF_TABS.map((key) => [key, (sub: string) => navigate({ tab: key, reportId: null, sub })]),
      ) as Record<StaffTab, (sub: string) => void>,
    [navigate],
  );
  const flyToTarget = useCallback((p: LonLat & { zoom?: number }) => fly(p, p.zoom), [fly]);

  const onSubmitted = useCallback(() => {
    void queryClient.invalidateQueries({ predicate: (q) => isReportDataQuery(q.queryKey) });
  }, [queryClient]);

  const reportTabActive = tab === 'report' && !reportId;
  const activeTab: Tab = reportId ? 'browse' : tab;

  return (
    <div className="app">
      <a className="skip-link" href="#main-panel" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main-panel')?.focus();
      }}>
        {t('skipToPanel')}
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>
            {t('appName')} <span className="brand-place">{t('appPlace')}</span>
          </h1>
          {backend.isDemo ? (
            <p className="demo-note">
              <strong className="badge">{t('demo.badge')}</strong> <span>{t('demo.explanation')}</span>
            </p>
          ) : null}
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <AuthControls backend={backend} />
        </div>
      </header>
      <div className="layout">
        <section className="map-area" aria-label={t('mapRegion')}>
          <MapView
            className="map"
            items={inView.query.data?.items ?? []}
            selectedId={reportId ?? undefined}
            onViewChange={setView}
            onReportClick={openReport}
            pin={reportTabActive ? pin : null}
            pinMode={reportTabActive && pinMode}
            onPinChange={setPin}
            overlays={overlays}
            onMapClick={mapClick && mapClick.owner === tab && !reportId ? mapClick.handler : null}
            fitBounds={fitBounds}
            onPinConfirm={(p) => {
              setPin(p);
              setPinConfirmKey((k) => k + 1);
            }}
            flyTo={flyTo}
          />
        </section>
        <main id="main-panel" className="side-panel" tabIndex={-1} aria-label={t('panelLabel')}>
          <StartupOverlay state={start} onRetry={retryStart} />
          {reference.isError ? (
            <ErrorMessage error={reference.error} onRetry={() => void reference.refetch()} />
          ) : null}
          <div role="tablist" aria-label={t('tabs.label')} className="tabs">
            {tabsShown.map((key) => (
              <button
                key={key}
                type="button"
                role="tab"
                id={`tab-${key}`}
                aria-selected={activeTab === key}
                aria-controls={`tabpanel-${key}`}
                tabIndex={activeTab === key ? 0 : -1}
                className="tab"
                onClick={() => selectTab(key)}
                onKeyDown={onTabKey}
              >
                {t(TAB_KEYS[key])}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="tabpanel-browse" aria-labelledby="tab-browse" hidden={activeTab !== 'browse'} className="tabpanel">
            {reportId ? (
              <ReportDetailPanel
                backend={backend}
                reference={reference.data}
                reportId={reportId}
                ready={ready}
                onClose={closeReport}
                onLocate={(p) => fly(p, 17)}
              />
            ) : null}
            <div hidden={reportId !== null}>
              <BrowsePanel
                reference={reference.data}
                filters={filters}
                onFiltersChange={setFilters}
                state={inView}
                ready={ready}
                hasView={view !== null}
                zoom={view?.zoom}
                selectedId={reportId}
                onOpenReport={openReport}
                onFlyTo={(target) => fly(target, target.zoom)}
              />
            </div>
          </div>
          <div role="tabpanel" id="tabpanel-report" aria-labelledby="tab-report" hidden={activeTab !== 'report'} className="tabpanel">
            {visited.report && ready && reference.data ? (
              <ReportPanel
                backend={backend}
                reference={reference.data}
                pin={pin}
                pinConfirmKey={pinConfirmKey}
                onPinModeChange={setPinMode}
                onSetPin={(p, opts) => {
                  setPin(p);
                  if (opts?.fly) fly(p, opts.zoom);
                }}
                onSubmitted={onSubmitted}
                onClose={() => {
                  setPin(null);
                  setPinMode(false);
                  selectTab('browse');
                }}
                onOpenReport={openReport}
              />
            ) : visited.report ? (
              <p className="hint">{t('loading')}</p>
            ) : null}
          </div>
          <div role="tabpanel" id="tabpanel-mine" aria-labelledby="tab-mine" hidden={activeTab !== 'mine'} className="tabpanel">
            {visited.mine && ready && reference.data ? (
              <>
                <MyReportsPanel
                  backend={backend}
                  reference={reference.data}
                  onOpenReport={openReport}
                  onEditDraft={() => selectTab('report')}
                />
                <DeleteMyData backend={backend} />
              </>
            ) : visited.mine ? (
              <p className="hint">{t('loading')}</p>
            ) : null}
          </div>
          {tabsShown
            .filter((key): key is StaffTab => (STAFF_TABS as readonly Tab[]).includes(key))
            .map((key) => {
              const Panel = STAFF_PANELS[key];
              return (
                <div
                  key={key}
                  role="tabpanel"
                  id={`tabpanel-${key}`}
                  aria-labelledby={`tab-${key}`}
                  hidden={activeTab !== key}
                  className="tabpanel"
                >
                  {visited[key] ? (
                    <Suspense fallback={<p className="hint">{t('loading')}</p>}>
                      <Panel
                        backend={backend}
                        reference={reference.data}
                        ready={ready}
                        active={activeTab === key}
                        subPath={(route.tab === key ? route.sub : lastSub[key]) ?? ''}
                        onNavigate={staffNavigate[key]}
                        view={view}
                        onOverlays={overlaySetters[key]}
                        onMapClick={mapClickSetters[key]}
                        onFlyTo={flyToTarget}
                        onFitBounds={fitTo}
                        onOpenReport={openReport}
                        onCreateMeasure={createMeasure}
                        measureSeed={key === 'strategy' ? measureSeed : null}
                      />
                    </Suspense>
                  ) : null}
                </div>
              );
            })}
          {ready ? (
            <Suspense fallback={null}>
              <PublicMeasures backend={backend} ready={ready} onOverlays={overlaySetters.public} />
            </Suspense>
          ) : null}
          {ready && tabsShown.includes('crew') ? (
            <Suspense fallback={null}>
              <CrewOutboxRunner backend={backend} ready={ready} />
            </Suspense>
          ) : null}
        </main>
      </div>
    </div>
  );
}
