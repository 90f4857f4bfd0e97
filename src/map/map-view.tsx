import { useEffect, useId, useRef, useState, useSyncExternalStore, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map-view.css';
import { LayerSwitcher, OverlayLegends } from './layer-switcher';
import { MapController, type MapControllerOptions } from './map-controller';

export interface MapViewProps {
  /** Created once by its owner (`useMapController`); the view mounts it into its container. */
  controller: MapController;
  className?: string;
}

/**
 * One controller for the lifetime of the calling component. Its methods may be called at once: what is set
 * before the map exists is installed when it loads.
 */
export function useMapController(options?: MapControllerOptions): MapController {
  const [controller] = useState(() => new MapController(options));
  return controller;
}

/**
 * The React side of the map: the focusable container the controller draws into, and the chrome around it —
 * help text, the layer switcher ("Lager"), legends and the pin's live region — read from the controller's state.
 */
export function MapView({ controller, className }: MapViewProps): JSX.Element {
  const { t } = useTranslation('map');
  const containerRef = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const ui = useSyncExternalStore(controller.subscribe, controller.getUiState);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    controller.mount(container, {
      locale: {
        'Map.Title': t('maplibre.mapTitle'),
        'AttributionControl.ToggleAttribution': t('maplibre.toggleAttribution'),
      },
    });
    return () => controller.destroy();
    // The map is created once per mount; `t` is only read for the initial MapLibre UI strings.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [controller]);

  const { pin, pinMode, padding } = ui;
  const where =
    !pinMode || !pin
      ? ''
      : ui.pinDistrict
        ? t('pin.inDistrict', { name: ui.pinDistrict.name })
        : t('pin.at', { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) });
  const announcement = pinMode && ui.pinZoomedIn ? `${where} ${t('pin.zoomedIn')}`.trim() : where;

  return (
    <div className={className ? `tk-map-wrapper ${className}` : 'tk-map-wrapper'}>
      <div
        ref={containerRef}
        className="tk-map"
        tabIndex={0}
        // "application": the map takes the arrow keys itself, so screen readers should pass them through.
        role="application"
        aria-label={t('label')}
        aria-describedby={helpId}
        data-map-ready={ui.ready ? 'true' : undefined}
        data-basemap={ui.basemap ?? undefined}
        data-pin-mode={pinMode ? 'true' : undefined}
        data-has-pin={pin ? 'true' : undefined}
        // The keyboard crosshair marks the centre of the part of the map that is not covered (setPadding).
        style={{
          ['--tk-map-centre-x' as string]: `${(padding.left - padding.right) / 2}px`,
          ['--tk-map-centre-y' as string]: `${(padding.top - padding.bottom) / 2}px`,
        }}
      />
      <p id={helpId} className="visually-hidden">
        {pinMode ? t('help.pin') : ui.capturingClicks ? t('help.draw') : t('help.browse')}
      </p>
      <LayerSwitcher overlays={ui.overlays} hidden={ui.hidden} onToggle={(id, show) => controller.setLayerVisible(id, show)} />
      <OverlayLegends overlays={ui.overlays} hidden={ui.hidden} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
