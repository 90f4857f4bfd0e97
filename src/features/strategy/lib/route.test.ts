import { describe, expect, it } from 'vitest';
import { parseStrategyPath } from './route';

const id = '0b6f4c1e-8a2d-4c3e-9f10-1234567890ab';

describe('parseStrategyPath', () => {
  it('reads every view', () => {
    expect(parseStrategyPath('', 2026)).toEqual({ view: 'dashboard' });
    expect(parseStrategyPath('dashboard', 2026)).toEqual({ view: 'dashboard' });
    expect(parseStrategyPath('measures', 2026)).toEqual({ view: 'measures' });
    expect(parseStrategyPath('measures/new', 2026)).toEqual({ view: 'new' });
    expect(parseStrategyPath(`measures/${id.toUpperCase()}`, 2026)).toEqual({ view: 'edit', id });
    expect(parseStrategyPath(`measures/${id}/effect`, 2026)).toEqual({ view: 'effect', id });
    expect(parseStrategyPath('year/2025', 2026)).toEqual({ view: 'year', year: 2025, challenge: 'renhallning' });
    expect(parseStrategyPath('year/2024/trafik', 2026)).toEqual({ view: 'year', year: 2024, challenge: 'trafik' });
    expect(parseStrategyPath('year', 2026)).toEqual({ view: 'year', year: 2026, challenge: 'renhallning' });
  });

  it('falls back on anything malformed', () => {
    expect(parseStrategyPath('measures/not-a-uuid', 2026)).toEqual({ view: 'measures' });
    expect(parseStrategyPath('year/99999/nope', 2026)).toEqual({ view: 'year', year: 2026, challenge: 'renhallning' });
    expect(parseStrategyPath('year/1800', 2026)).toEqual({ view: 'year', year: 2026, challenge: 'renhallning' });
    expect(parseStrategyPath('elsewhere', 2026)).toEqual({ view: 'dashboard' });
  });
});
