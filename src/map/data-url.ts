import type { FeatureCollection } from 'geojson';

/** URL of a file in public/data, given the app's base URL (import.meta.env.BASE_URL or an absolute origin). */
export function dataUrl(baseUrl: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/data/${file}`;
}

const loaded = new Map<string, Promise<unknown>>();

/**
 * A file from public/data, downloaded once per page whoever asks for it (the map, the features' queries; the files
 * never change while the page lives, so a query client made later gets it at once). A failed download is
 * forgotten, so a retry fetches again.
 */
export function loadDataFile<T = FeatureCollection>(
  file: string,
  read: (res: Response) => Promise<T> = (res) => res.json() as Promise<T>,
): Promise<T> {
  let p = loaded.get(file) as Promise<T> | undefined;
  if (!p) {
    p = fetch(dataUrl(import.meta.env.BASE_URL ?? '/', file)).then((res) => {
      // 'network' is the error code the UI translates; the file name is for the console.
      if (!res.ok) throw new Error(`network: ${file}: HTTP ${res.status}`);
      return read(res);
    });
    p.catch(() => loaded.delete(file));
    loaded.set(file, p);
  }
  return p;
}
