import type { FeatureCollection } from 'geojson';

/** URL of a file in public/data, given the app's base URL (import.meta.env.BASE_URL or an absolute origin). */
export function dataUrl(baseUrl: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/data/${file}`;
}

const loaded = new Map<string, Promise<unknown>>();

/**
 * A bundled GeoJSON file from public/data, fetched once per page however many features ask for it (the
 * crew, planning and strategy areas all need Malmö's boundary). A failed download is forgotten, so a retry
 * fetches again.
 */
export function loadDataFile<T = FeatureCollection>(file: string): Promise<T> {
  let p = loaded.get(file);
  if (!p) {
    p = fetch(dataUrl(import.meta.env.BASE_URL ?? '/', file)).then((res) => {
      if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
      return res.json();
    });
    p.catch(() => loaded.delete(file));
    loaded.set(file, p);
  }
  return p as Promise<T>;
}
