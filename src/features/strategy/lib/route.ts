import { isChallenge, type Challenge } from '../../../domain/challenges';

export type StrategyView =
  | { view: 'dashboard' }
  | { view: 'measures' }
  | { view: 'new' }
  | { view: 'edit'; id: string }
  | { view: 'effect'; id: string }
  | { view: 'year'; year: number; challenge: Challenge };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Strategi panel's sub-route (after '#/strategy/'); anything unknown shows the dashboard. */
export function parseStrategyPath(sub: string, currentYear: number): StrategyView {
  const [head, a, b, ...rest] = sub.split('/').filter(Boolean);
  if (head === 'measures') {
    if (!a && !b) return { view: 'measures' };
    if (a === 'new' && !b) return { view: 'new' };
    if (a && UUID.test(a) && !b) return { view: 'edit', id: a.toLowerCase() };
    if (a && UUID.test(a) && b === 'effect' && rest.length === 0) return { view: 'effect', id: a.toLowerCase() };
    return { view: 'measures' };
  }
  if (head === 'year') {
    const y = a && /^\d{4}$/.test(a) ? Number(a) : currentYear;
    const year = y >= 2000 && y <= 2100 ? y : currentYear;
    return { view: 'year', year, challenge: isChallenge(b) ? b : 'renhallning' };
  }
  return { view: 'dashboard' };
}
