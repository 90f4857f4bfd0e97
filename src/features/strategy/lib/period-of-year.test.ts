import { describe, expect, it } from 'vitest';
import type { StrategyPeriodSummary } from '../../../api';
import { periodOfYear } from './period-of-year';

const period = (id: string, status: 'draft' | 'published', starts_on: string | null, ends_on: string | null): StrategyPeriodSummary => ({
  id,
  name: id,
  status,
  starts_on,
  ends_on,
  based_on: null,
  in_force: false,
  challenges: 4,
  prioritised: 4,
  created_at: '2020-01-01T00:00:00Z',
  published_at: null,
});

describe('periodOfYear', () => {
  const first = period('first', 'published', '2020-01-01', '2027-03-31');
  const second = period('second', 'published', '2027-04-01', null);
  const draft = period('draft', 'draft', null, null);
  const all = [draft, second, first];

  it('takes the period of the year, the later one in a year both held, never a draft', () => {
    expect(periodOfYear(all, 2024)?.id).toBe('first');
    expect(periodOfYear(all, 2027)?.id).toBe('second');
    expect(periodOfYear(all, 2030)?.id).toBe('second');
    expect(periodOfYear([draft], 2027)).toBeNull();
  });

  it('has none before the first period started', () => {
    expect(periodOfYear(all, 2019)).toBeNull();
  });
});
