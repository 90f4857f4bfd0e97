import { act, screen } from '@testing-library/react';
import i18next from 'i18next';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ReferenceData } from '../../api';
import { REFERENCE, referenceWithFifthChallenge } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { BrowseFilters } from './browse-filters';
import { DEFAULT_FILTERS, type BrowseFilters as Filters } from './filter-model';

/** Every filter the panel asked for, last one last. */
const changes: Filters[] = [];
function Harness({ start, reference = REFERENCE }: { start: Filters; reference?: ReferenceData }) {
  const [filters, setFilters] = useState(start);
  const onChange = (next: Filters) => {
    changes.push(next);
    setFilters(next);
  };
  return <BrowseFilters reference={reference} filters={filters} onChange={onChange} />;
}

describe('browse filters: a category whose challenge is not ticked', () => {
  it('ticks the challenge when its category is chosen, so the map does not fall silent', async () => {
    const { user } = renderWithProviders(
      <Harness start={{ ...DEFAULT_FILTERS, challenges: ['renhallning', 'planering', 'trafik'] }} />,
    );
    const existingCity = screen.getByRole('checkbox', { name: 'Rätt åtgärder för ökad trygghet i befintlig stad' });
    expect((existingCity as HTMLInputElement).checked).toBe(false);
    await user.selectOptions(screen.getByLabelText('Kategori'), 'Mörk plats');
    expect((existingCity as HTMLInputElement).checked).toBe(true);
  });

  it('says why nothing shows when the challenge is unticked afterwards', async () => {
    const { user } = renderWithProviders(<Harness start={{ ...DEFAULT_FILTERS, category: 'dark_place' }} />);
    await user.click(screen.getByRole('checkbox', { name: 'Rätt åtgärder för ökad trygghet i befintlig stad' }));
    const select = screen.getByLabelText('Kategori');
    const hint = document.getElementById(select.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toMatch(/^Kategorin Mörk plats hör till utmaningen Rätt åtgärder för ökad trygghet i befintlig stad, som inte är vald/);
  });
});

describe('browse filters: a period with a fifth challenge', () => {
  it('lists it by its name with a swatch of its own, and it can be filtered alone', async () => {
    const { user } = renderWithProviders(<Harness start={DEFAULT_FILTERS} reference={referenceWithFifthChallenge()} />);
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(5);
    const fifth = screen.getByRole('checkbox', { name: 'Belysning och mörka platser' });
    expect((fifth as HTMLInputElement).checked).toBe(true);
    const swatches = [...document.querySelectorAll('.filter-challenges svg.swatch-svg')];
    expect(swatches).toHaveLength(5);
    expect(new Set(swatches.map((s) => s.getAttribute('data-color'))).size).toBe(5);
    expect(new Set(swatches.map((s) => s.getAttribute('data-shape'))).size).toBe(5);
    expect(swatches[4]!.getAttribute('data-color')).toBe('#117733');
    // Its categories are grouped under it.
    const group = screen.getByRole('group', { name: 'Belysning och mörka platser' });
    expect([...group.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Trasig belysning', 'Mörk plats']);
    for (const box of boxes.slice(0, 4)) await user.click(box);
    expect(changes.at(-1)?.challenges).toEqual(['belysning']);
    await user.click(fifth);
    expect(changes.at(-1)?.challenges).toEqual([]);
    expect(screen.getByText(/Ingen utmaning är vald|Välj minst en/)).toBeTruthy();
  });
});

describe('browse filters in Arabic', () => {
  // The Arabic names of the seed's input files (public/data), as list_categories returns them.
  const data = (file: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../public/data', file), 'utf8'));
  const arabic = new Map<string, string>(
    [...data('categories.json').categories, ...data('challenges.json').challenges].map((r) => [r.code, r.name_ar]),
  );
  const withArabic: ReferenceData = {
    ...REFERENCE,
    challenges: REFERENCE.challenges.map((c) => ({ ...c, name_ar: arabic.get(c.code) ?? null })),
    categories: REFERENCE.categories.map((c) => ({ ...c, name_ar: arabic.get(c.code) ?? null })),
  };

  it('names the challenges (the legend) and the categories in Arabic, also in the hint about an unticked challenge', async () => {
    const { user } = renderWithProviders(<Harness start={{ ...DEFAULT_FILTERS, category: 'dark_place' }} reference={withArabic} />);
    await act(() => i18next.changeLanguage('ar'));
    try {
      const existingCity = arabic.get('befintlig_stad')!;
      expect(screen.getAllByRole('checkbox').map((b) => b.closest('label')?.textContent)).toEqual(
        REFERENCE.challenges.map((c) => arabic.get(c.code)),
      );
      const group = screen.getByRole('group', { name: existingCity });
      expect([...group.querySelectorAll('option')].map((o) => o.textContent)).toEqual(
        REFERENCE.categories.filter((c) => c.challenge === 'befintlig_stad').map((c) => arabic.get(c.code)),
      );
      await user.click(screen.getByRole('checkbox', { name: existingCity }));
      // The category field is described by the hint (its label is in Arabic too).
      const hint = document.getElementById(document.querySelector('select[aria-describedby]')!.getAttribute('aria-describedby')!);
      expect(hint?.textContent).toContain(arabic.get('dark_place'));
      expect(hint?.textContent).toContain(existingCity);
    } finally {
      await act(() => i18next.changeLanguage('sv'));
    }
  });
});
