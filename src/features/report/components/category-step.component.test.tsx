import { act, screen, within } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { SHIPPED_REFERENCE } from '../lib/shipped-reference';
import shipped from '../lib/shipped-reference.json';
import { CategoryStep } from './category-step';

function renderStep(reference = SHIPPED_REFERENCE) {
  return renderWithProviders(
    <CategoryStep
      headingRef={() => {}}
      reference={reference}
      category={null}
      showRequired={false}
      onChange={() => {}}
      onNext={() => {}}
      onBack={() => {}}
    />,
  );
}

const labelOf = (radio: HTMLElement) => (radio as HTMLInputElement).labels?.[0]?.textContent ?? '';

afterEach(async () => {
  await act(() => i18next.changeLanguage('sv'));
});

// The names expected come from the reference data the build ships (generated from public/data), never from the
// component's own output.
describe('category step in Arabic', () => {
  it('names each challenge and category in Arabic, right to left, before the database is ready', async () => {
    renderStep();
    await act(() => i18next.changeLanguage('ar'));
    expect(document.documentElement.dir).toBe('rtl');
    for (const ch of shipped.challenges) {
      const group = screen.getByRole('group', { name: ch.name_ar! });
      const names = shipped.categories.filter((c) => c.challenge === ch.code).map((c) => c.name_ar);
      expect(within(group).getAllByRole('radio').map(labelOf)).toEqual(names);
      // The description in Arabic too, in the page's language (no lang of its own).
      const description = group.querySelector(`#report-challenge-${ch.code}-desc`)!;
      expect(description.textContent).toBe(ch.description_ar);
      expect(description.getAttribute('lang')).toBeNull();
    }
  });

  it('shows a description without an Arabic text in Swedish, marked as Swedish, left to right', async () => {
    const [first] = SHIPPED_REFERENCE.challenges;
    renderStep({
      ...SHIPPED_REFERENCE,
      challenges: SHIPPED_REFERENCE.challenges.map((c) => (c === first ? { ...c, description_ar: null } : c)),
    });
    await act(() => i18next.changeLanguage('ar'));
    const description = document.querySelector(`#report-challenge-${first!.code}-desc`)!;
    expect(description.textContent).toBe(first!.description_sv);
    expect(description.getAttribute('lang')).toBe('sv');
    expect(description.getAttribute('dir')).toBe('ltr');
  });

  it('shows the Swedish name of a category or challenge that has no Arabic name', async () => {
    const [first] = SHIPPED_REFERENCE.challenges;
    renderStep({
      ...SHIPPED_REFERENCE,
      challenges: SHIPPED_REFERENCE.challenges.map((c) => (c === first ? { ...c, name_ar: null } : c)),
      categories: SHIPPED_REFERENCE.categories.map((c) => ({ ...c, name_ar: undefined })),
    });
    await act(() => i18next.changeLanguage('ar'));
    const group = screen.getByRole('group', { name: first!.name_sv });
    expect(labelOf(within(group).getAllByRole('radio')[0]!)).toBe(
      SHIPPED_REFERENCE.categories.find((c) => c.challenge === first!.code)!.name_sv,
    );
  });

  it('keeps Swedish and English as they were', async () => {
    renderStep();
    const [ch] = shipped.challenges;
    expect(screen.getByRole('group', { name: ch!.name_sv })).toBeTruthy();
    expect(screen.getByText(ch!.description_sv).getAttribute('lang')).toBeNull();
    await act(() => i18next.changeLanguage('en'));
    expect(screen.getByRole('group', { name: ch!.name_en })).toBeTruthy();
    expect(screen.getByText(ch!.description_en)).toBeTruthy();
  });
});
