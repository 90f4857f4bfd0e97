/**
 * The PostGIS bundle with only what the app uses, for every PGlite this project starts: the browser's engine
 * (scripts/build-local-snapshot.mjs writes it beside the snapshot) and the db suite's (tests/db/engines.ts).
 *
 * @electric-sql/pglite-postgis's bundle holds three 16 MB libraries (postgis, raster, topology), every upgrade
 * script and the tiger geocoder — 20 MB to download and, on every start, 100 MB to unpack and three libraries to
 * compile (1–3 s of each start, measured in docs/benchmarks.md). The app uses only `postgis`: keep its library,
 * its control file and install script (for a first start without a snapshot) and PROJ's data. The tar entries
 * are copied unchanged (header and data blocks), so PGlite unpacks them exactly as the original's.
 *
 * A module of its own (no work at import), so that importing it never runs a script's main part.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** The package's own bundle (gzipped tar), in this checkout's node_modules. */
export const POSTGIS_PACKAGE_BUNDLE = join(
  import.meta.dirname,
  '..',
  'node_modules/@electric-sql/pglite-postgis/dist/postgis.tar.gz',
);

const POSTGIS_KEEP = [
  /^lib\/$/,
  /^lib\/postgresql\/$/,
  /^lib\/postgresql\/postgis-3\.so$/,
  /^share\/$/,
  /^share\/proj\//,
  /^share\/postgresql\/$/,
  /^share\/postgresql\/extension\/$/,
  /^share\/postgresql\/extension\/postgis\.control$/,
  /^share\/postgresql\/extension\/postgis--\d+\.\d+\.\d+\.sql$/,
];

/**
 * The slim bundle from the package's (gzipped tar → gzipped tar).
 * @param {Buffer} gz the package's bundle
 * @param {{ level?: number }} [opts] gzip level: 9 (default) for what the browser downloads, 1 for a bundle that
 *   is only unpacked locally (the db suite's).
 * @returns {Buffer}
 */
export function slimPostgisBundle(gz, { level = 9 } = {}) {
  const tar = gunzipSync(gz);
  const kept = [];
  const text = (buf) => buf.toString('latin1').replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const prefix = text(header.subarray(345, 500));
    const name = (prefix ? prefix + '/' : '') + text(header.subarray(0, 100));
    const size = parseInt(text(header.subarray(124, 136)).trim() || '0', 8);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (POSTGIS_KEEP.some((re) => re.test(name))) kept.push(tar.subarray(at, end));
    at = end;
  }
  return gzipSync(Buffer.concat([...kept, Buffer.alloc(1024)]), { level });
}

/** The package's bundle, read from node_modules. */
export function packagePostgisBundle() {
  return readFileSync(POSTGIS_PACKAGE_BUNDLE);
}
