import type { OverlayLayer } from './overlay';

/**
 * Kernel density — a picture, not a test. Features are raster squares carrying `level` 0 … 4
 * (quintiles of the non-zero densities). Viridis-like sequential ramp (light yellow → dark purple): ordered
 * by lightness, so it reads the same under colour-vision deficiencies, and unlike the hot/cold colours so it is
 * not mistaken for the hotspot test.
 */
export const DENSITY_COLORS = ['#FDE725', '#5EC962', '#21918C', '#3B528B', '#440154'] as const;

export function densityColor(level: number): string {
  return DENSITY_COLORS[Math.max(0, Math.min(DENSITY_COLORS.length - 1, level))]!;
}

export function densityLayers(id: string): OverlayLayer[] {
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      paint: {
        'fill-color': ['match', ['get', 'level'], ...DENSITY_COLORS.flatMap((c, k) => [k, c]), DENSITY_COLORS[0]] as never,
        'fill-opacity': ['interpolate', ['linear'], ['get', 'level'], 0, 0.25, 4, 0.6] as never,
        'fill-antialias': false,
      },
    },
  ];
}
