import { act, screen } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { publicMeasures } from '../../../api';
import type { Backend } from '../../../backend';
import type { MapOverlay } from '../../../map/overlay';
import { recordingBackend } from '../../../test/recording-backend';
import { renderWithProviders } from '../../../test/render';
import { usePublicMeasuresOverlay } from './public-measures';

/** One completed measure, as api.public_measures returns it (through its contract). */
const page = publicMeasures.result.parse({
  items: [
    {
      id: '00000000-0000-4000-8000-000000003001',
      title: 'Ny belysning i Folkets park',
      type: 'lighting',
      challenge: 'befintlig_stad',
      done_date: '2026-10-14',
      geometry: { type: 'Point', coordinates: [13.01, 55.59] },
      report_ids: ['00000000-0000-4000-8000-000000003002'],
    },
  ],
  total: 1,
});

const drawsText = (overlay: MapOverlay) => overlay.layers.some((l) => 'layout' in l && l.layout !== undefined && 'text-field' in l.layout);

/** The overlay's legend, with its name and whether its layers draw text on the map as attributes. */
function Harness({ backend }: { backend: Backend }) {
  const overlay = usePublicMeasuresOverlay(backend, true);
  if (!overlay) return null;
  return (
    <div data-testid="overlay" data-label={overlay.label} data-draws-text={String(drawsText(overlay))}>
      {overlay.legend}
    </div>
  );
}
const shown = () => screen.getByTestId('overlay').dataset;

afterEach(async () => {
  await act(() => i18next.changeLanguage('sv'));
});

describe('completed measures on everyone\'s map', () => {
  it('in Swedish: the list and the on-map label say "Åtgärdat"', async () => {
    renderWithProviders(<Harness backend={recordingBackend({ answers: { public_measures: { value: page } } }).backend} />);
    expect(await screen.findByText(/Belysning – Åtgärdat/)).toBeTruthy();
    expect(shown()).toMatchObject({ label: 'Åtgärdat', drawsText: 'true' });
  });

  it('in Arabic (a resident language): the list, the type and the overlay name are Arabic; no unshaped Arabic on the map', async () => {
    renderWithProviders(<Harness backend={recordingBackend({ answers: { public_measures: { value: page } } }).backend} />);
    await screen.findByText(/Belysning/);
    await act(() => i18next.changeLanguage('ar'));
    expect(await screen.findByText(/إنارة – تمت المعالجة في/)).toBeTruthy();
    expect(shown()).toMatchObject({ label: 'تمت المعالجة', drawsText: 'false' });
    expect(screen.queryByText(/Åtgärdat|Belysning/)).toBeNull();
    // The title stays the staff's Swedish, marked as such for screen readers.
    expect(screen.getByRole('button', { name: 'Ny belysning i Folkets park' }).lang).toBe('sv');
  });
});
