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
    expect(parseStrategyPath('year/2024/trafik', 2026)).toEqual({ view: 'year', year: 2024, challenge: 'trafik' });
    expect(parseStrategyPath('periods', 2026)).toEqual({ view: 'periods' });
    expect(parseStrategyPath(`periods/${id}`, 2026)).toEqual({ view: 'period', id });
    expect(parseStrategyPath(`periods/${id}/plan/ny_utmaning/2027`, 2026)).toEqual({ view: 'plan', id, challenge: 'ny_utmaning', year: 2027 });
    expect(parseStrategyPath(`periods/${id}/plan/ny_utmaning`, 2026)).toEqual({ view: 'plan', id, challenge: 'ny_utmaning', year: 2026 });
    expect(parseStrategyPath('risks', 2026)).toEqual({ view: 'risks' });
  });

  it('leaves the challenge to the period in force when the year route names none (no code is a default)', () => {
    expect(parseStrategyPath('year', 2026)).toEqual({ view: 'year', year: 2026, challenge: null });
    expect(parseStrategyPath('year/2025', 2026)).toEqual({ view: 'year', year: 2025, challenge: null });
    // Any well-formed code: a later period's challenge is as valid as today's four.
    expect(parseStrategyPath('year/2025/gangtunnlar_2030', 2026)).toEqual({ view: 'year', year: 2025, challenge: 'gangtunnlar_2030' });
  });

  it('falls back on anything malformed', () => {
    expect(parseStrategyPath('measures/not-a-uuid', 2026)).toEqual({ view: 'measures' });
    expect(parseStrategyPath('year/99999/No-Code', 2026)).toEqual({ view: 'year', year: 2026, challenge: null });
    expect(parseStrategyPath('year/1800', 2026)).toEqual({ view: 'year', year: 2026, challenge: null });
    expect(parseStrategyPath('periods/not-a-uuid', 2026)).toEqual({ view: 'periods' });
    expect(parseStrategyPath(`periods/${id}/plan/Bad-Code/2027`, 2026)).toEqual({ view: 'periods' });
    expect(parseStrategyPath('elsewhere', 2026)).toEqual({ view: 'dashboard' });
  });
});
