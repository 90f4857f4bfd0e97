import { focusManager } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from './query-client';
import { REFERENCE_STALE_MS, useReferenceData } from './use-reference-data';
import { Providers } from '../test/render';
import { recordingBackend } from '../test/recording-backend';
import { REFERENCE, referenceWithFifthChallenge } from '../test/reference';

afterEach(() => {
  vi.useRealTimers();
  focusManager.setFocused(undefined);
});

/** The user leaves the tab and comes back to it. */
function refocus() {
  act(() => {
    focusManager.setFocused(false);
    focusManager.setFocused(true);
  });
}

describe('reference data follows a strategy period that comes into force while the tab is open', () => {
  it('reads the reference data again when the user returns after it went stale, and shows the new challenges', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const rb = recordingBackend({ answers: { list_categories: { value: REFERENCE } } });
    const client = createQueryClient();
    const { result } = renderHook(() => useReferenceData(rb.backend, true), {
      wrapper: ({ children }) => <Providers client={client}>{children}</Providers>,
    });
    await waitFor(() => expect(result.current.data?.challenges.length).toBe(REFERENCE.challenges.length));

    // Back soon: nothing is read again.
    refocus();
    expect(rb.callsTo('list_categories')).toHaveLength(1);

    // Meanwhile a new period with a fifth challenge was published elsewhere; the user comes back later.
    rb.answer('list_categories', { value: referenceWithFifthChallenge() });
    vi.setSystemTime(Date.now() + REFERENCE_STALE_MS + 1);
    refocus();
    await waitFor(() => expect(result.current.data?.challenges.length).toBe(REFERENCE.challenges.length + 1));
    expect(rb.callsTo('list_categories')).toHaveLength(2);
  });
});
