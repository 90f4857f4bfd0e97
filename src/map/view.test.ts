import { describe, expect, it } from 'vitest';
import { MALMO_BBOX } from '../domain/report-rules';
import { ARROW_DIRECTIONS, MAX_BOUNDS, START_CENTER, stepPin } from './view';

describe('view constants', () => {
  it('max bounds contain Malmö and the start centre', () => {
    const [[w, s], [e, n]] = MAX_BOUNDS;
    expect(w).toBeLessThan(MALMO_BBOX.west);
    expect(s).toBeLessThan(MALMO_BBOX.south);
    expect(e).toBeGreaterThan(MALMO_BBOX.east);
    expect(n).toBeGreaterThan(MALMO_BBOX.north);
    expect(START_CENTER[0]).toBeGreaterThan(w);
    expect(START_CENTER[1]).toBeLessThan(n);
  });
});

describe('stepPin', () => {
  const canvas = { width: 400, height: 300 };
  it('moves by the step in the arrow direction without panning in the middle', () => {
    expect(stepPin({ x: 200, y: 150 }, ARROW_DIRECTIONS.ArrowRight!, 10, canvas)).toEqual({ next: { x: 210, y: 150 }, pan: [0, 0] });
    expect(stepPin({ x: 200, y: 150 }, ARROW_DIRECTIONS.ArrowUp!, 50, canvas)).toEqual({ next: { x: 200, y: 100 }, pan: [0, 0] });
  });
  it('asks the map to pan when the pin nears an edge', () => {
    expect(stepPin({ x: 390, y: 150 }, ARROW_DIRECTIONS.ArrowRight!, 10, canvas).pan).toEqual([400 - 352, 0]);
    expect(stepPin({ x: 200, y: 50 }, ARROW_DIRECTIONS.ArrowUp!, 10, canvas).pan).toEqual([0, -8]);
  });
});
