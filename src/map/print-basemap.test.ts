import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { niceScaleBar, printBasemap, printFrame, seaPolygon, type LonLatBox } from './print-basemap';

const data = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../public/data', file), 'utf8')) as FeatureCollection;
const kommun = data('malmo_kommun_simplified.geojson').features[0] as Feature<Polygon | MultiPolygon>;
const districts = data('malmo_delomraden_simplified.geojson');

/** Even-odd point in polygon (outer ring only). */
function inside(ring: number[][], [x, y]: [number, number]): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) odd = !odd;
  }
  return odd;
}

describe('print basemap', () => {
  it('puts Öresund in the sea and the land east of Malmö outside it', () => {
    const sea = seaPolygon(kommun.geometry)!;
    const ring = sea.coordinates[0]!;
    expect(inside(ring, [12.9, 55.62])).toBe(true); // off Västra Hamnen
    expect(inside(ring, [12.85, 55.55])).toBe(true); // off Limhamn
    expect(inside(ring, [13.2, 55.58])).toBe(false); // Staffanstorp, inland
    expect(inside(ring, [13.0, 55.58])).toBe(false); // Malmö itself
  });

  it('frames the content with north up and the scale bar in round metres', () => {
    const content: LonLatBox = [12.99, 55.58, 13.01, 55.59];
    const frame = printFrame(content, 800, 500);
    const [x0, y0] = frame.px(content[0], content[3]);
    const [x1, y1] = frame.px(content[2], content[1]);
    for (const v of [x0, x1]) expect(v).toBeGreaterThanOrEqual(24 - 0.1);
    for (const v of [x0, x1]) expect(v).toBeLessThanOrEqual(800 - 24 + 0.1);
    for (const v of [y0, y1]) expect(v).toBeGreaterThanOrEqual(-0.1);
    for (const v of [y0, y1]) expect(v).toBeLessThanOrEqual(500.1);
    expect(y0).toBeLessThan(y1); // north is up
    // 1.26 km wide (cos 55.6° × 0.02° × 111 km) in 752 px: about 1.7 m per px.
    expect(frame.metresPerPx).toBeGreaterThan(1.5);
    expect(frame.metresPerPx).toBeLessThan(2.5);
    const bar = niceScaleBar(frame);
    expect(bar.label).toMatch(/^(1|2|5)(0*) m$|^(1|2|5) km$/);
    expect(bar.length).toBeGreaterThan(800 / 10);
    expect(bar.length).toBeLessThanOrEqual(800 / 5 + 0.1);
  });

  it('draws the districts in view and names them without overlap, inside the frame', () => {
    const frame = printFrame([12.96, 55.58, 13.04, 55.62], 900, 560);
    const base = printBasemap(frame, kommun, districts);
    expect(base.sea.startsWith('M')).toBe(true);
    expect(base.land.startsWith('M')).toBe(true);
    expect(base.districts.length).toBeGreaterThan(1000);
    expect(base.labels.length).toBeGreaterThan(5);
    const boxes = base.labels.map((l) => ({ x0: l.x - l.text.length * 3.5, x1: l.x + l.text.length * 3.5, y0: l.y - 12, y1: l.y + 4 }));
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThan(0);
      expect(b.x1).toBeLessThan(900);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${base.labels[i]!.text} / ${base.labels[j]!.text}`).toBe(false);
      }
  });
});
