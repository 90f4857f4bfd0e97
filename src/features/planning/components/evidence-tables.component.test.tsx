import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DevelopmentEvidence } from '../../../api';
import { referenceWithFifthChallenge } from '../../../test/reference';
import { renderWithProviders } from '../../../test/render';
import { EvidenceTables } from './evidence-tables';

const summary = (by_challenge: Record<string, number>) => ({
  total: Object.values(by_challenge).reduce((a, b) => a + b, 0),
  by_challenge,
  by_category: {},
  dark: 0,
});

// Only the tables' fields matter here.
const evidence = {
  buffer_m: 250,
  area_km2: 0.1,
  ring_km2: 0.2,
  inside: summary({ belysning: 4, renhallning: 2, en_aldre_utmaning: 1 }),
  ring: summary({ trafik: 3 }),
} as unknown as DevelopmentEvidence;

describe('evidence tables: one row per challenge of the period, however many', () => {
  it('lists a fifth challenge by its name in the period\'s order, and an older code by its code', () => {
    renderWithProviders(<EvidenceTables evidence={evidence} reference={referenceWithFifthChallenge()} />);
    const table = screen.getByRole('table', { name: /utmaning/i });
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Renhållning för ökad trygghet', '2', '0'],
      ['Trygghetsfrämjande faktorer i planarbetet', '0', '0'],
      ['Trafikbeteende och otrygghet i trafikmiljön', '0', '3'],
      ['Rätt åtgärder för ökad trygghet i befintlig stad', '0', '0'],
      ['Belysning och mörka platser', '4', '0'],
      ['en_aldre_utmaning', '1', '0'],
    ]);
  });
});
