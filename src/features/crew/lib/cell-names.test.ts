import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { districtShapes, placeOf } from './cell-names';

const fc = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../public/data/malmo_delomraden_simplified.geojson'), 'utf8'));
const shapes = districtShapes(fc);

describe('cell names: the district and the part of it', () => {
  it('names a point by the delområde it falls in', () => {
    expect(shapes).toHaveLength(136);
    // Möllevångstorget
    expect(placeOf(13.0085, 55.5914, shapes)?.district).toBe('Möllevången');
    // Stortorget, in Gamla Staden
    expect(placeOf(13.0011, 55.6057, shapes)?.district).toBe('Gamla Staden');
  });

  it("gives the part of the district by thirds of its extent, north at the top", () => {
    const d = shapes.find((s) => s.name === 'Västra Hamnen')!;
    const [w, s, e, n] = d.bbox;
    // probe points inside the polygon near the corners and the middle of the box: find one per part that is inside
    const parts = new Set<string>();
    for (let i = 1; i < 30; i++)
      for (let j = 1; j < 30; j++) {
        const lon = w + ((e - w) * i) / 30;
        const lat = s + ((n - s) * j) / 30;
        const p = placeOf(lon, lat, shapes);
        if (p?.code !== d.code) continue;
        const col = i < 10 ? 'west' : i > 20 ? 'east' : '';
        const row = j > 20 ? 'north' : j < 10 ? 'south' : '';
        expect(p.part).toBe(row && col ? `${row}_${col}` : row || col || 'centre');
        parts.add(p.part!);
      }
    expect(parts.size).toBeGreaterThan(4);
  });

  it('is null outside Malmö (the sea off Västra Hamnen)', () => {
    expect(placeOf(12.9, 55.62, shapes)).toBeNull();
  });
});
