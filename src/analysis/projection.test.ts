import fc from 'fast-check';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import {
  createProjectionTable,
  projectToSweref99tm,
  projectWithTable,
  sweref99tmToWgs84,
  wgs84ToSweref99tm,
} from './projection.ts';

// The oracle: proj4js with the EPSG:3006 definition (as in the EPSG registry / epsg.io).
const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toSweref = proj4('EPSG:4326', SWEREF99TM);

describe('WGS84 → SWEREF 99 TM', () => {
  it.each([
    [13.0038, 55.605], // Malmö C
    [12.85, 55.5],
    [13.2, 55.65],
    [15, 62], // on the central meridian: easting exactly 500 000
    [18.07, 59.33], // Stockholm
    [20.2, 67.85], // Kiruna, far from the meridian
    [11, 58],
  ])('(%f, %f) matches proj4 within 1 mm', (lon, lat) => {
    const [ex, ey] = toSweref.forward([lon, lat]);
    const out = wgs84ToSweref99tm(lon, lat);
    expect(Math.abs((out[0] as number) - ex)).toBeLessThan(1e-3);
    expect(Math.abs((out[1] as number) - ey)).toBeLessThan(1e-3);
  });

  it('property: matches proj4 within 1 mm anywhere in Skåne and round-trips within 1e-9°', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 12.4, max: 14.6, noNaN: true }),
        fc.double({ min: 55.3, max: 56.5, noNaN: true }),
        (lon, lat) => {
          const [ex, ey] = toSweref.forward([lon, lat]);
          const out = wgs84ToSweref99tm(lon, lat);
          const back = sweref99tmToWgs84(out[0] as number, out[1] as number);
          return (
            Math.abs((out[0] as number) - ex) < 1e-3 &&
            Math.abs((out[1] as number) - ey) < 1e-3 &&
            Math.abs((back[0] as number) - lon) < 1e-9 &&
            Math.abs((back[1] as number) - lat) < 1e-9
          );
        },
      ),
    );
  });

  it('inverse matches proj4', () => {
    const [lon, lat] = toSweref.inverse([374000, 6164000]);
    const out = sweref99tmToWgs84(374000, 6164000);
    expect(Math.abs((out[0] as number) - lon)).toBeLessThan(1e-8);
    expect(Math.abs((out[1] as number) - lat)).toBeLessThan(1e-8);
  });

  it('projects interleaved arrays', () => {
    const xy = projectToSweref99tm([13.0038, 55.605, 15, 62]);
    expect(xy).toHaveLength(4);
    expect(xy[2]).toBeCloseTo(500000, 6);
  });
});

describe('projection table (bilinear interpolation)', () => {
  const table = createProjectionTable(12.8, 55.45, 13.25, 55.7);
  it('property: within 1 mm of the exact projection inside the table, exact outside it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 12.5, max: 13.5, noNaN: true }),
        fc.double({ min: 55.3, max: 55.8, noNaN: true }),
        (lon, lat) => {
          const exact = wgs84ToSweref99tm(lon, lat);
          const fast = projectWithTable(table, lon, lat, new Float64Array(2));
          return (
            Math.hypot(
              (fast[0] as number) - (exact[0] as number),
              (fast[1] as number) - (exact[1] as number),
            ) < 1e-3
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
