import './zod-jitless'; // must stay first: see the file
import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { listCategories } from '../api';
import type { Backend } from '../backend';
import { AuthControls, DeleteMyData } from '../features/auth';
import {
  BrowsePanel,
  DEFAULT_FILTERS,
  ReportDetailPanel,
  useReportsInView,
  type BrowseFilters,
  type Viewport,
} from '../features/browse';
import { MyReportsPanel, ReportPanel, useReportOutboxRunner } from '../features/report';
import { MapView } from '../map';
import { ErrorMessage } from '../ui';
import { setupI18n } from './i18n';
import { LanguageSwitch } from './language-switch';
import { createQueryClient, isReportDataQuery } from './query-client';
import { nextTab, TABS, type Tab } from './route';
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

const TAB_KEYS: Record<Tab, string> = { browse: 'tabs.browse', report: 'tabs.report', mine: 'tabs.mine' };

function Shell({ backend }: { backend: Backend }) {
  const { t } = useTranslation('common');
  const queryClient = useQueryClient();
  const [start, retryStart] = useBackendStart(backend);
  const ready = start.phase === 'ready';
  const [route, navigate] = useHashRoute();
  const tab = route.tab;
  const reportId = route.reportId;

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
  const [visited, setVisited] = useState<Record<Tab, boolean>>({ browse: true, report: false, mine: false });
  if (!visited[tab]) setVisited({ ...visited, [tab]: true });

  // Focus return for the detail: remember what had focus when it opened.
  const returnFocus = useRef<HTMLElement | null>(null);
  const returnRoute = useRef<{ tab: Tab }>({ tab: 'browse' });
  const openReport = useCallback(
    (id: string) => {
      const active = document.activeElement;
      if (!reportId) {
        returnFocus.current = active instanceof HTMLElement && active !== document.body ? active : null;
        returnRoute.current = { tab };
      }
      navigate({ tab: 'browse', reportId: id });
    },
    [navigate, reportId, tab],
  );
  const pendingFocus = useRef(false);
  const closeReport = useCallback(() => {
    pendingFocus.current = true;
    navigate({ tab: returnRoute.current.tab, reportId: null });
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
      navigate({ tab: next, reportId: null });
      if (focus) requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
    },
    [navigate],
  );
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const next = nextTab(tab, e.key);
    if (next) {
      e.preventDefault();
      selectTab(next, true);
    }
  };

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
            {TABS.map((key) => (
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
        </main>
      </div>
    </div>
  );
}
