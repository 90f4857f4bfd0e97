import { screen } from '@testing-library/react';
import { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { HeaderMenu } from './header-menu';
import { LanguageSwitch } from './language-switch';
import { SheetBar } from './sheet-bar';
import type { SheetState } from './use-sheet';

describe('the header menu (phones)', () => {
  it('is a disclosure: the button tells whether it is open; Escape closes it and gives focus back', async () => {
    const { user } = renderWithProviders(
      <HeaderMenu>
        <label>
          Roll <select aria-label="Roll" />
        </label>
      </HeaderMenu>,
    );
    const button = screen.getByRole('button', { name: /Meny/ });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(button.getAttribute('aria-controls')!)?.contains(screen.getByLabelText('Roll'))).toBe(true);
    screen.getByLabelText('Roll').focus();
    await user.keyboard('{Escape}');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('closes on a press outside it', async () => {
    const { user } = renderWithProviders(
      <>
        <HeaderMenu>
          <span>Språk</span>
        </HeaderMenu>
        <p>Kartan</p>
      </>,
    );
    const button = screen.getByRole('button', { name: /Meny/ });
    await user.click(button);
    await user.click(screen.getByText('Kartan'));
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('the language switch', () => {
  it('offers each language in its own name and sets <html lang> and dir', async () => {
    const { user } = renderWithProviders(<LanguageSwitch />);
    const select = screen.getByLabelText('Språk') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent, o.lang])).toEqual([
      ['sv', 'Svenska', 'sv'],
      ['en', 'English', 'en'],
      ['ar', 'العربية', 'ar'],
    ]);
    await user.selectOptions(select, 'ar');
    expect([document.documentElement.lang, document.documentElement.dir]).toEqual(['ar', 'rtl']);
    expect(screen.getByLabelText('اللغة')).toBe(select);
    await user.selectOptions(select, 'sv');
    expect([document.documentElement.lang, document.documentElement.dir]).toEqual(['sv', 'ltr']);
  });
});

function Sheet({ initial }: { initial: SheetState }) {
  const [state, setState] = useState(initial);
  const sheet = useRef<HTMLElement>(null);
  const layout = useRef<HTMLDivElement>(null);
  return (
    <div ref={layout}>
      <main ref={sheet} data-sheet={state}>
        <SheetBar state={state} onChange={setState} sheetRef={sheet} layoutRef={layout} onDragging={() => undefined} />
      </main>
    </div>
  );
}

describe('the bottom sheet controls', () => {
  it('step the height with buttons and keys, and announce it', async () => {
    const { user } = renderWithProviders(<Sheet initial="peek" />);
    const main = () => document.querySelector('main')!.getAttribute('data-sheet');
    const status = screen.getByRole('status');
    await user.click(screen.getByRole('button', { name: 'Större panel' }));
    expect(main()).toBe('half');
    expect(status.textContent).toBe('Panelen täcker halva kartan');
    const handle = screen.getByRole('button', { name: /Panelens höjd/ });
    handle.focus();
    await user.keyboard('{ArrowUp}');
    expect(main()).toBe('full');
    expect(screen.getByRole('button', { name: 'Större panel' }).getAttribute('aria-disabled')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(main()).toBe('half');
    // A tap on the handle cycles: half → full → peek.
    await user.click(handle);
    await user.click(handle);
    expect(main()).toBe('peek');
    expect(status.textContent).toBe('Panelen är nedfälld: kartan syns');
    await user.click(screen.getByRole('button', { name: 'Mindre panel' }));
    expect(main()).toBe('peek');
  });
});
