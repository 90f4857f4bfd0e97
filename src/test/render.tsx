import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { configure, render, type RenderOptions } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { vi } from 'vitest';
import { setupI18n } from '../app/i18n';
import { createQueryClient } from '../app/query-client';

const i18n = setupI18n();
// findBy…/waitFor give up after this long: a ceiling for a loaded machine (2 cores shared), not a timing claim.
configure({ asyncUtilTimeout: 5_000 });
const PUBLIC_DIR = resolve(import.meta.dirname, '../../public');

/**
 * The files the app ships in public/data (districts, boundary), served from the disk as the dev server would.
 * Any other request fails like a request without network.
 */
async function staticFetch(input: RequestInfo | URL): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const path = new URL(url, 'http://localhost/').pathname;
  if (!path.startsWith('/data/') || path.includes('..')) throw new TypeError('Failed to fetch');
  try {
    return new Response(await readFile(resolve(PUBLIC_DIR, `.${path}`)), { status: 200 });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

/** The app's providers (real i18next in Swedish, the app's QueryClient), as src/app/app.tsx sets them up. */
export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
}

/**
 * Renders `ui` inside the app's providers, in Swedish (the app's default), with a user-event instance.
 * `fetch` serves public/data only.
 */
export function renderWithProviders(
  ui: ReactElement,
  {
    queryClient = createQueryClient(),
    userOptions,
    ...options
  }: { queryClient?: QueryClient; userOptions?: Parameters<typeof userEvent.setup>[0] } & Omit<RenderOptions, 'wrapper'> = {},
) {
  if (i18n.language !== 'sv') void i18n.changeLanguage('sv');
  vi.stubGlobal('fetch', vi.fn(staticFetch));
  const user = userEvent.setup({ delay: null, ...userOptions });
  const result = render(ui, {
    ...options,
    wrapper: ({ children }) => <Providers client={queryClient}>{children}</Providers>,
  });
  return { ...result, user, queryClient };
}

/** The text of the elements an element's aria-describedby points at (what a screen reader reads after the name). */
export function descriptionOf(el: Element): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids
    .map((id) => el.ownerDocument.getElementById(id)?.textContent?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
}
