import { screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { REFERENCE } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { BrowseFilters } from './browse-filters';
import { DEFAULT_FILTERS, type BrowseFilters as Filters } from './filter-model';

function Harness({ start }: { start: Filters }) {
  const [filters, setFilters] = useState(start);
  return <BrowseFilters reference={REFERENCE} filters={filters} onChange={setFilters} />;
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
