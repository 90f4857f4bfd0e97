import { useCallback, useState } from 'react';
import type { MeasureSeed } from '../domain/measures';
import type { Route } from './route';

/**
 * A hotspot cell or a development handed to Strategi as the seed of a new measure: the one way crew and planning
 * meet strategy (features do not import each other). The seed is used up once Strategi leaves the form.
 */
export function useMeasureSeed(route: Route, navigate: (route: Route) => void) {
  const [seed, setSeed] = useState<MeasureSeed | null>(null);
  if (seed && !(route.tab === 'strategy' && route.sub.startsWith('measures/new'))) setSeed(null);
  const createMeasure = useCallback(
    (next: MeasureSeed) => {
      setSeed(next);
      navigate({ tab: 'strategy', reportId: null, sub: 'measures/new' });
    },
    [navigate],
  );
  return { seed, createMeasure };
}
