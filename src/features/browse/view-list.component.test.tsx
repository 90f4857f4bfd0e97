import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReportsInView } from '../../api';
import { referenceWithFifthChallenge } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import type { ReportsInViewState } from './use-reports-in-view';
import { ViewList } from './view-list';

// Before the database is ready: no live query, the map's early cells, and the challenges the shell knows (shipped).
const waiting = {
  query: { data: undefined, isPending: true, isFetching: false, isError: false, error: null, refetch: () => {} },
  viewKey: null,
  viewKeyNow: null,
  filterKey: { challenges: null, categories: null, statuses: null, from: null },
  outside: false,
} as unknown as ReportsInViewState;

const early = {
  total: 12,
  items: [
    [13.0, 55.6, 7, 'belysning', null, null, null],
    [13.01, 55.59, 5, 'en_aldre_utmaning', null, null, null],
  ],
} as unknown as ReportsInView;

describe('the text equivalent of the map names and marks every challenge the shell knows', () => {
  it('a fifth challenge by its name and its own swatch; an older code by its code, grey', () => {
    renderWithProviders(
      <ViewList
        reference={undefined}
        challenges={referenceWithFifthChallenge().challenges}
        state={waiting}
        early={early}
        ready={false}
        hasView
        zoom={11}
        selectedId={null}
        onOpenReport={() => {}}
        onFlyTo={() => {}}
      />,
    );
    expect(screen.getByText('mest Belysning och mörka platser')).toBeTruthy();
    expect(screen.getByText('mest en_aldre_utmaning')).toBeTruthy();
    const swatches = [...document.querySelectorAll('.entry-list svg.swatch-svg')].map((s) => [s.getAttribute('data-color'), s.getAttribute('data-shape')]);
    expect(swatches).toEqual([
      ['#117733', 'triangle_down'],
      ['#767676', 'none'],
    ]);
  });
});
