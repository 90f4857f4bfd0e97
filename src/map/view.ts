import { MALMO_BBOX, MALMO_CENTER } from '../domain/report-rules';

export const START_CENTER: [number, number] = [MALMO_CENTER.lon, MALMO_CENTER.lat];
export const START_ZOOM = 11.3;
export const MIN_ZOOM = 9.5;
export const MAX_ZOOM = 19;

/** Malmö's envelope plus a margin, so that edge districts can be centred without fighting the bounds. */
export const MAX_BOUNDS: [[number, number], [number, number]] = [
  [MALMO_BBOX.west - 0.12, MALMO_BBOX.south - 0.06],
  [MALMO_BBOX.east + 0.12, MALMO_BBOX.north + 0.06],
];

/**
 * Enter places the pin only this close in (about 5 m per pixel): from further out one arrow step is hundreds of
 * metres, so Enter zooms in around the pin first (to PIN_ZOOM_IN_TO) and the next Enter confirms.
 */
export const PIN_CONFIRM_MIN_ZOOM = 15;
export const PIN_ZOOM_IN_TO = 16;
/** "Visa på kartan" and other flights stop at street level: closer, the offline basemap is empty. */
export const FLY_TO_MAX_ZOOM = 16;
/** A longer flight jumps instead (MapLibre's maxDuration), so the place shows at once rather than after seconds. */
export const FLY_TO_MAX_DURATION_MS = 1200;

/** Pixels a pin moves per arrow key press, and with Shift held. */
export const PIN_STEP_PX = 10;
export const PIN_STEP_SHIFT_PX = 50;
/** Pixels the map pans per arrow key press outside pin mode (MapLibre's default). */
export const PAN_STEP_PX = 100;

export const ARROW_DIRECTIONS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Keep a pin this far from the canvas edge; closer, and the map pans to follow it. */
export const PIN_EDGE_MARGIN_PX = 48;

/**
 * Where a keyboard-moved pin lands, and how far the map must pan to keep it visible. Pure so it is testable
 * without a WebGL map.
 */
export function stepPin(
  pinPx: { x: number; y: number },
  direction: readonly [number, number],
  step: number,
  canvas: { width: number; height: number },
): { next: { x: number; y: number }; pan: [number, number] } {
  const next = { x: pinPx.x + direction[0] * step, y: pinPx.y + direction[1] * step };
  const m = PIN_EDGE_MARGIN_PX;
  const panX = next.x < m ? next.x - m : next.x > canvas.width - m ? next.x - (canvas.width - m) : 0;
  const panY = next.y < m ? next.y - m : next.y > canvas.height - m ? next.y - (canvas.height - m) : 0;
  return { next, pan: [panX, panY] };
}
