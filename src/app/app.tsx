import './zod-jitless'; // must stay first: see the file
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Backend } from '../backend';
import { AuthControls, DeleteMyData } from '../features/auth';
import { invalidateAfterWrite, useIdentity } from '../hooks';
import { BrowsePanel, ReportDetailPanel } from '../features/browse';
import { MyReportsBadge, MyReportsPanel, ReportPanel, useReportOutboxRunner } from '../features/report';
import { MapView, useMapController } from '../map';
import { Button, ErrorMessage } from '../ui';
import { HeaderMenu } from './header-menu';
import { setupI18n } from './i18n';
import { LanguageSwitch } from './language-switch';
import { createQueryClient } from './query-client';
import { nextTab, STAFF_TABS, type StaffTab, type Tab } from './route';
import { SheetBar } from './sheet-bar';
import { CrewOutboxRunner, PublicMeasures, STAFF_PANELS } from './staff-panels';
import { NewVersionNotice } from './new-version-notice';
import { StartupOverlay } from './startup-overlay';
import { useBackendStart } from './use-backend-start';
import { useHashRoute } from './use-hash-route';
import { useMapReports } from './use-map-reports';
import { usePhoneSheet } from './use-phone-sheet';
import { PHONE_QUERY, useMediaQuery, WIDE_QUERY } from './use-media-query';
import { useMeasureSeed } from './use-measure-seed';
import { useChallenges, useReferenceData } from './use-reference-data';
import { useReportDetail } from './use-report-detail';
import { useReportPin } from './use-report-pin';
import { useStaffMap } from './use-staff-map';
import { useTabs } from './use-tabs';
import { useVisitedTabs } from './use-visited-tabs';
import { useWideWorkspace } from './use-wide-workspace';

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

/** Overlay drawing order, bottom first: the public measures, then each staff area. */
const OVERLAY_OWNERS: readonly string[] = ['public', ...STAFF_TABS];
const isStaffTab = (tab: Tab): tab is StaffTab => (STAFF_TABS as readonly Tab[]).includes(tab);

/**
 * The shell composes the features around one map. Each concern is a hook (tabs, visited panels, reference data,
 * reports on the map, the report pin, the report detail, the staff areas' map access, the measure seed); the map
 * is a controller the shell calls, not props with counters.
 *
 * Layout (styles.css): on a phone the map fills the screen under a compact header and the panel is a bottom sheet
 * (peek / half / full) and the map ends where it begins; from 768 px the panel sits beside the map; from 1024 px
 * a staff area can take a wide workspace with the map as the narrower panel ("Bred arbetsyta", per tab).
 */
function Shell({ backend }: { backend: Backend }) {
  const { t } = useTranslation('common');
  const queryClient = useQueryClient();
  const [start, retryStart] = useBackendStart(backend);
  const ready = start.phase === 'ready';
  const [route, navigate] = useHashRoute();
  const identity = useIdentity(backend);
  const tabs = useTabs(route, navigate, identity.role);
  const { tab } = tabs;
  const reportId = route.reportId;
  const visited = useVisitedTabs(tab);
  const reference = useReferenceData(backend, ready);
  const map = useMapController({ ownerOrder: OVERLAY_OWNERS });
  const challenges = useChallenges(map, reference.data);
  const isPhone = useMediaQuery(PHONE_QUERY);
  const isWideScreen = useMediaQuery(WIDE_QUERY);
  const workspace = useWideWorkspace();

  const { view, filters, setFilters, inView, earlyShown } = useMapReports(backend, map, ready, reportId, reference.data?.statuses);
  // Reports queued without network are sent from here, whichever tab is shown.
  useReportOutboxRunner(backend, ready);
  const reportTabActive = tab === 'report' && !reportId;
  const { pin, setPin, pinConfirmKey, setPinMode, clearPin } = useReportPin(map, reportTabActive);
  const { openReport, closeReport } = useReportDetail(map, navigate, {
    reportId,
    tab,
    sub: route.sub,
  });
  const staffMap = useStaffMap(map, tab, reportId !== null);
  const { seed: measureSeed, createMeasure } = useMeasureSeed(route, navigate);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const next = nextTab(tab, e.key, tabs.shown);
    if (next) {
      e.preventDefault();
      tabs.selectTab(next, true);
    }
  };

  const onSubmitted = useCallback(() => {
    void invalidateAfterWrite(queryClient);
  }, [queryClient]);

  const activeTab: Tab = reportId ? 'browse' : tab;
  const { layoutRef, sheetRef, state: sheetState, setSheet, dragging, setDragging, mapInset } = usePhoneSheet(map, isPhone, {
    activeTab,
    reportId,
    pin: reportTabActive ? pin : null,
    zoom: view?.zoom,
  });

  // One row of tabs, scrolled so that the tab shown is in it.
  useEffect(() => {
    document
      .getElementById(`tab-${activeTab}`)
      ?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [activeTab]);

  const wide = isWideScreen && isStaffTab(activeTab) && workspace.isWide(activeTab);

  return (
    <div
      className="app"
      data-sheet={isPhone ? (dragging ? 'dragging' : sheetState) : undefined}
      data-workspace={wide ? 'wide' : undefined}
    >
      <a
        className="skip-link"
        href="#main-panel"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-panel')?.focus();
        }}
      >
        {t('skipToPanel')}
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>
            {t('appName')} <span className="brand-place">{t('appPlace')}</span>
          </h1>
          {backend.isDemo ? (
            <p className="demo-note">
              <strong className="badge">{t('demo.badge')}</strong>{' '}
              <span className="demo-explanation">{t('demo.explanation')}</span>
            </p>
          ) : null}
        </div>
        <HeaderMenu>
          <LanguageSwitch />
          <AuthControls backend={backend} />
          {backend.isDemo ? <p className="demo-note menu-only">{t('demo.explanation')}</p> : null}
        </HeaderMenu>
      </header>
      <div className="layout" ref={layoutRef} style={{ '--map-inset-bottom': `${mapInset}px` } as CSSProperties}>
        <section className="map-area" aria-label={t('mapRegion')}>
          <MapView className="map" controller={map} />
        </section>
        <main
          ref={sheetRef}
          id="main-panel"
          className="side-panel"
          tabIndex={-1}
          aria-label={t('panelLabel')}
        >
          {isPhone ? (
            <SheetBar
              state={sheetState}
              onChange={setSheet}
              sheetRef={sheetRef}
              layoutRef={layoutRef}
              onDragging={setDragging}
            />
          ) : null}
          <div className="tabs-row">
            <div role="tablist" aria-label={t('tabs.label')} className="tabs">
              {tabs.shown.map((key) => (
                <button
                  key={key}
                  type="button"
                  role="tab"
                  id={`tab-${key}`}
                  aria-selected={activeTab === key}
                  aria-controls={`tabpanel-${key}`}
                  tabIndex={activeTab === key ? 0 : -1}
                  className="tab"
                  onClick={() => {
                    // On a phone, the tab already shown raises a lowered sheet.
                    if (isPhone && key === activeTab && sheetState === 'peek') setSheet('half');
                    tabs.selectTab(key);
                  }}
                  onKeyDown={onTabKey}
                >
                  {t(`tabs.${key}`)}
                  {key === 'mine' ? (
                    <MyReportsBadge backend={backend} ready={ready} viewing={activeTab === 'mine'} openReportId={reportId} reference={reference.data} />
                  ) : null}
                </button>
              ))}
            </div>
            {isWideScreen && isStaffTab(activeTab) ? (
              <Button
                variant="secondary"
                className="workspace-toggle"
                aria-pressed={wide}
                onClick={() => workspace.toggle(activeTab)}
              >
                {t('workspace.wide')}
              </Button>
            ) : null}
          </div>
          <div className="panel-scroll">
            <StartupOverlay state={start} onRetry={retryStart} compact={activeTab === 'report'} />
            <NewVersionNotice />
            {reference.isError ? (
              <ErrorMessage error={reference.error} onRetry={() => void reference.refetch()} />
            ) : null}
            <div
              role="tabpanel"
              id="tabpanel-browse"
              aria-labelledby="tab-browse"
              hidden={activeTab !== 'browse'}
              className="tabpanel"
            >
              {reportId ? (
                <ReportDetailPanel
                  backend={backend}
                  reference={reference.data}
                  challenges={challenges}
                  reportId={reportId}
                  ready={ready}
                  onClose={closeReport}
                  onLocate={(p) => map.flyTo({ lon: p.lon, lat: p.lat, zoom: 17 })}
                />
              ) : null}
              <div hidden={reportId !== null}>
                <BrowsePanel
                  reference={reference.data}
                  challenges={challenges}
                  filters={filters}
                  onFiltersChange={setFilters}
                  state={inView}
                  early={earlyShown}
                  ready={ready}
                  hasView={view !== null}
                  zoom={view?.zoom}
                  selectedId={reportId}
                  onOpenReport={openReport}
                  onFlyTo={staffMap.flyTo}
                />
              </div>
            </div>
            <div
              role="tabpanel"
              id="tabpanel-report"
              aria-labelledby="tab-report"
              hidden={activeTab !== 'report'}
              className="tabpanel"
            >
              {visited.report ? (
                <ReportPanel
                  backend={backend}
                  ready={ready}
                  reference={reference.data}
                  pin={pin}
                  pinConfirmKey={pinConfirmKey}
                  onPinModeChange={setPinMode}
                  onSetPin={(p, opts) => {
                    setPin(p);
                    if (opts?.fly) map.flyTo({ lon: p.lon, lat: p.lat, zoom: opts.zoom });
                  }}
                  onSubmitted={onSubmitted}
                  onClearPin={() => setPin(null)}
                  onClose={() => {
                    clearPin();
                    tabs.selectTab('browse');
                  }}
                  onOpenReport={openReport}
                />
              ) : null}
            </div>
            <div
              role="tabpanel"
              id="tabpanel-mine"
              aria-labelledby="tab-mine"
              hidden={activeTab !== 'mine'}
              className="tabpanel"
            >
              {visited.mine && ready && reference.data ? (
                <>
                  <MyReportsPanel
                    backend={backend}
                    reference={reference.data}
                    onOpenReport={openReport}
                    onEditDraft={() => tabs.selectTab('report')}
                  />
                  <DeleteMyData backend={backend} />
                </>
              ) : visited.mine ? (
                <p className="hint">{t('loading')}</p>
              ) : null}
            </div>
            {tabs.staffShown.map((key) => {
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
                        subPath={tabs.subPathOf(key)}
                        onNavigate={tabs.staffNavigate[key]}
                        view={view}
                        onOverlays={staffMap.overlaySetters[key]}
                        onMapClick={staffMap.clickSetters[key]}
                        onFlyTo={staffMap.flyTo}
                        onFitBounds={staffMap.fitBounds}
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
                <PublicMeasures
                  backend={backend}
                  ready={ready}
                  onOverlays={staffMap.setPublicOverlays}
                />
              </Suspense>
            ) : null}
            {ready && tabs.shown.includes('crew') ? (
              <Suspense fallback={null}>
                <CrewOutboxRunner backend={backend} ready={ready} />
              </Suspense>
            ) : null}
          </div>
        </main>
      </div>
    </div>
  );
}
