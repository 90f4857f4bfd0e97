import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { NewVersionNotice } from './new-version-notice';

describe('new version notice', () => {
  it('says nothing until the service worker reports a new version, then says so politely with a reload button', () => {
    renderWithProviders(<NewVersionNotice />);
    const region = screen.getByRole('status');
    expect(region.textContent).toBe('');
    expect(screen.queryByRole('button', { name: 'Ladda om' })).toBeNull();
    act(() => {
      window.dispatchEvent(new Event('trygghetskartan:new-version'));
    });
    expect(region.textContent).toContain('Det finns en ny version av appen.');
    expect(screen.getByRole('button', { name: 'Ladda om' })).toBeTruthy();
  });
});
