import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FollowupRisk } from '../../../api/annual-followup';
import { renderWithProviders } from '../../../test/render';
import { FollowupRiskPart } from './annual-followup';

/** Injuries: 2025 covered whole (3 events), 2026 only January–June (1 event). */
const risk: FollowupRisk = {
  types: ['injury'],
  year: { total: 1, covered_days: 181, days: 365 },
  previous_year: { total: 3, covered_days: 365, days: 365 },
  by_type: [
    { type: 'injury_slight', year: 1, previous_year: 2 },
    { type: 'injury_severe', year: 0, previous_year: 1 },
  ],
  sources: [
    { name: 'STRADA 2025', kind: 'strada', provenance: 'Transportstyrelsen, uttag 2 januari', period_from: '2025-01-01', period_to: '2025-12-31' },
    { name: 'STRADA 2026', kind: 'strada', provenance: 'Transportstyrelsen, uttag 1 juli', period_from: '2026-01-01', period_to: '2026-06-30' },
  ],
};

const rowsOf = () =>
  within(screen.getByTestId('year-risk-table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) => Array.from(r.children).map((c) => c.textContent));

describe('FollowupRiskPart', () => {
  it('shows the year against the year before by type in words, marks a partly covered year and gives no change then', () => {
    renderWithProviders(<FollowupRiskPart risk={risk} year={2026} testId="year-risk" />);
    expect(screen.getByRole('heading', { name: 'Faktisk risk: Alla trafikskador' })).toBeTruthy();
    expect(rowsOf()).toEqual([
      ['Alla händelser av typerna', '1*', '3', '–'],
      ['Lindrigt skadad i trafiken', '1*', '2', '–'],
      ['Svårt skadad i trafiken', '0*', '1', '–'],
    ]);
    const coverage = screen.getByTestId('year-risk-coverage');
    expect(coverage.textContent).toContain('* Källorna täcker bara 181 av 365 dagar 2026: antalet gäller den delen, inte hela året.');
    expect(coverage.textContent).toContain('Källorna täcker hela 2025.');
    expect(coverage.textContent).toContain('Förändringen visas bara när källorna täcker båda åren helt.');
    expect(screen.getByTestId('year-risk-sources').textContent).toContain(
      'STRADA 2026 (Strada), 1 januari 2026 till 30 juni 2026: Transportstyrelsen, uttag 1 juli',
    );
  });

  it('gives the change when both years are covered whole', () => {
    const whole: FollowupRisk = { ...risk, year: { total: 5, covered_days: 365, days: 365 }, by_type: [{ type: 'injury_slight', year: 5, previous_year: 3 }] };
    renderWithProviders(<FollowupRiskPart risk={whole} year={2026} testId="year-risk" />);
    expect(rowsOf()).toEqual([
      ['Alla händelser av typerna', '5', '3', '+2'],
      ['Lindrigt skadad i trafiken', '5', '3', '+2'],
    ]);
    expect(screen.getByTestId('year-risk-coverage').textContent).not.toContain('Förändringen visas bara');
  });

  it('shows no count, never 0, for a year no source covers, and says when there is no source at all', () => {
    const none: FollowupRisk = {
      ...risk,
      year: { total: null, covered_days: 0, days: 365 },
      previous_year: { total: null, covered_days: 0, days: 365 },
      by_type: [],
      sources: [],
    };
    renderWithProviders(<FollowupRiskPart risk={none} year={2026} testId="year-risk" />);
    expect(rowsOf()).toEqual([['Alla händelser av typerna', 'ingen data', 'ingen data', '–']]);
    expect(screen.getByTestId('year-risk-coverage').textContent).toContain('Ingen källa täcker 2026: antalet är okänt (inte 0).');
    expect(screen.getByTestId('year-risk-sources-none').textContent).toBe(
      'Ingen importerad källa med händelser av dessa typer överlappar 2025–2026.',
    );
  });
});
