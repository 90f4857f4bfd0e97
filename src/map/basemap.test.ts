import { describe, expect, it, vi } from 'vitest';
import { basemapStyleUrl, chooseBasemap, DEFAULT_BASEMAP_STYLE_URL, styleHasAttribution } from './basemap';

const onlineStyle = {
  version: 8,
  sources: { ofm: { type: 'vector', url: 'https://tiles.example/planet', attribution: '© OSM' } },
  layers: [],
};
const ok = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status: 200 }));

describe('chooseBasemap', () => {
  it('uses the online style when it loads', async () => {
    const fetchImpl = ok(onlineStyle);
    const choice = await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl });
    expect(choice.kind).toBe('online');
    expect(fetchImpl).toHaveBeenCalledWith(DEFAULT_BASEMAP_STYLE_URL, expect.anything());
  });

  it('honours VITE_BASEMAP_STYLE_URL', async () => {
    const fetchImpl = ok(onlineStyle);
    await chooseBasemap({ env: { VITE_BASEMAP_STYLE_URL: 'https://x.example/style.json' }, baseUrl: '/', fetchImpl });
    expect(fetchImpl).toHaveBeenCalledWith('https://x.example/style.json', expect.anything());
    expect(basemapStyleUrl({ VITE_BASEMAP_STYLE_URL: '  ' })).toBe(DEFAULT_BASEMAP_STYLE_URL);
  });

  it('goes offline without fetching when forced or under webdriver', async () => {
    const fetchImpl = ok(onlineStyle);
    expect(await chooseBasemap({ env: { VITE_OFFLINE_BASEMAP: '1' }, baseUrl: '/', fetchImpl })).toMatchObject({ kind: 'offline', reason: 'forced' });
    expect(await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl, webdriver: true })).toMatchObject({ kind: 'offline', reason: 'webdriver' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('falls back on a network error, an HTTP error, or a non-style body', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl: down })).toMatchObject({ kind: 'offline', reason: 'fetch-failed' });
    const notFound = vi.fn(async () => new Response('nope', { status: 404 }));
    expect(await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl: notFound })).toMatchObject({ kind: 'offline', reason: 'fetch-failed' });
    expect(await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl: ok({ hello: 1 }) })).toMatchObject({ kind: 'offline', reason: 'invalid-style' });
  });

  it('falls back after the timeout when the server hangs', async () => {
    const hang = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const choice = await chooseBasemap({ env: {}, baseUrl: '/', fetchImpl: hang as typeof fetch, timeoutMs: 20 });
    expect(choice).toMatchObject({ kind: 'offline', reason: 'timeout' });
  });

  it('knows whether a style credits its sources', () => {
    expect(styleHasAttribution(onlineStyle as never)).toBe(true);
    expect(styleHasAttribution({ sources: { a: { type: 'vector', url: 'x' } } })).toBe(false);
  });
});
