export type StrategyView =
  | { view: 'dashboard' }
  | { view: 'measures' }
  | { view: 'new' }
  | { view: 'edit'; id: string }
  | { view: 'effect'; id: string }
  /** `challenge` null: the first challenge of the period in force (the panel picks it from reference data). */
  | { view: 'year'; year: number; challenge: string | null }
  | { view: 'periods' }
  | { view: 'period'; id: string }
  | { view: 'plan'; id: string; challenge: string; year: number }
  | { view: 'risks' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shape of a challenge code (the database's rule); which codes exist is the period's business. */
const CODE = /^[a-z][a-z0-9_]{1,39}$/;

function yearOf(s: string | undefined, currentYear: number): number {
  const y = s && /^\d{4}$/.test(s) ? Number(s) : currentYear;
  return y >= 2000 && y <= 2100 ? y : currentYear;
}

/** The Strategi panel's sub-route (after '#/strategy/'); anything unknown shows the dashboard. */
export function parseStrategyPath(sub: string, currentYear: number): StrategyView {
  const [head, a, b, c, d, ...rest] = sub.split('/').filter(Boolean);
  if (head === 'measures') {
    if (!a && !b) return { view: 'measures' };
    if (a === 'new' && !b) return { view: 'new' };
    if (a && UUID.test(a) && !b) return { view: 'edit', id: a.toLowerCase() };
    if (a && UUID.test(a) && b === 'effect' && !c) return { view: 'effect', id: a.toLowerCase() };
    return { view: 'measures' };
  }
  if (head === 'year') {
    return { view: 'year', year: yearOf(a, currentYear), challenge: b && CODE.test(b) ? b : null };
  }
  if (head === 'periods') {
    if (a && UUID.test(a) && !b) return { view: 'period', id: a.toLowerCase() };
    // periods/<id>/plan/<challenge>/<year>: the action plan of one prioritised challenge and year.
    if (a && UUID.test(a) && b === 'plan' && c && CODE.test(c) && rest.length === 0) {
      return { view: 'plan', id: a.toLowerCase(), challenge: c, year: yearOf(d, currentYear) };
    }
    return { view: 'periods' };
  }
  if (head === 'risks') return { view: 'risks' };
  return { view: 'dashboard' };
}
