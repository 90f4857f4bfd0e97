import { describe, expect, it } from 'vitest';
import { MapController } from './map-controller';
import type { MapOverlay } from './overlay';

/**
 * The controller's state before and without a MapLibre map (happy-dom has no WebGL): what callers set is kept,
 * ordered and reported to the React chrome; the map itself is covered by the e2e journeys.
 */

const overlay = (id: string): MapOverlay => ({ id, label: id, data: { type: 'FeatureCollection', features: [] }, layers: [] });

describe('MapController without a map', () => {
  it('draws the owners in the given order, whichever reports first, and unlisted owners on top', () => {
    const map = new MapController({ ownerOrder: ['public', 'crew', 'plan'] });
    map.setOverlays('plan', [overlay('plan-a')]);
    map.setOverlays('other', [overlay('other-a')]);
    map.setOverlays('public', [overlay('public-a'), overlay('public-b')]);
    map.setOverlays('crew', [overlay('crew-a')]);
    expect(map.getUiState().overlays.map((o) => o.id)).toEqual(['public-a', 'public-b', 'crew-a', 'plan-a', 'other-a']);

    map.setOverlays('crew', []);
    expect(map.getUiState().overlays.map((o) => o.id)).toEqual(['public-a', 'public-b', 'plan-a', 'other-a']);
  });

  it('keeps its UI state object until something shown changes, and tells subscribers once per change', () => {
    const map = new MapController();
    let changes = 0;
    const unsubscribe = map.subscribe(() => (changes += 1));
    const overlays = [overlay('crew-a')];
    const before = map.getUiState();

    map.setOverlays('crew', overlays);
    map.setOverlays('crew', overlays);
    map.setLayerVisible('crew-a', true);
    map.setPin(null);
    map.setPinMode(false);
    expect(changes).toBe(1);
    expect(map.getUiState()).not.toBe(before);

    const after = map.getUiState();
    map.setReports([]);
    map.flyTo({ lon: 13, lat: 55.6 });
    map.fitBounds([12.9, 55.5, 13.1, 55.7]);
    expect(map.getUiState()).toBe(after);
    unsubscribe();
  });

  it('reports the layer switcher, pin mode and click capture to the chrome', () => {
    const map = new MapController();
    map.setLayerVisible('reports', false);
    map.setPinMode(true);
    map.setPin({ lon: 13, lat: 55.6 });
    map.setClickHandler(() => undefined);
    const ui = map.getUiState();
    expect([...ui.hidden]).toEqual(['reports']);
    expect(ui.pinMode).toBe(true);
    expect(ui.pin).toEqual({ lon: 13, lat: 55.6 });
    expect(ui.capturingClicks).toBe(true);
    expect(ui.ready).toBe(false);

    map.setLayerVisible('reports', true);
    map.setClickHandler(null);
    expect(map.getUiState().hidden.size).toBe(0);
    expect(map.getUiState().capturingClicks).toBe(false);
  });

  it('keeps the padding a bottom sheet asks for, reports it to the chrome (the crosshair) once per change', () => {
    const map = new MapController();
    let changes = 0;
    map.subscribe(() => (changes += 1));
    expect(map.getUiState().padding).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
    map.setPadding({ top: 0, right: 0, bottom: 300, left: 0 });
    map.setPadding({ top: 0, right: 0, bottom: 300, left: 0 });
    expect(changes).toBe(1);
    expect(map.getUiState().padding.bottom).toBe(300);
    // Flights are kept for when the map exists, and never leave pin mode's "zoomed in" hint set.
    map.setPinMode(true);
    map.flyTo({ lon: 13, lat: 55.6, zoom: 19 });
    expect(map.getUiState().pinZoomedIn).toBe(false);
  });
});
