import { PlanFileError } from './plan-file';
import type { SourceLayer } from './source-layer';
import { decoderFor, isSupported } from '../../../geo/text-encoding';

/** What a file is, by its first bytes (never its name: planners rename files, mail clients too). */
export function sniffFormat(bytes: Uint8Array): 'zip' | 'geopackage' | 'gml' | 'json' | 'unknown' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip'; // "PK"
  if (new TextDecoder().decode(bytes.subarray(0, 16)) === 'SQLite format 3\0') return 'geopackage';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x3c) return 'gml'; // "<": XML
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json'; // "{" or "["
  return 'unknown';
}

/**
 * The GeoPackage and GML (also KML) readers, loaded only when such a file comes (sql.js is large). Their
 * 'invalid_file' becomes the format's own error, so the message can say what the file was taken for.
 */
export async function readOtherFormat(format: 'geopackage' | 'gml', bytes: Uint8Array): Promise<SourceLayer[]> {
  try {
    if (format === 'geopackage') {
      const { readGeoPackage } = await import('./gpkg');
      return await readGeoPackage(bytes);
    }
    const { readPlanGml, xmlDeclaredEncoding } = await import('./gml');
    const declared = xmlDeclaredEncoding(bytes);
    let text: string;
    try {
      text = decoderFor(declared && isSupported(declared) ? declared : 'utf-8')(bytes);
    } catch {
      throw new PlanFileError('invalid_gml', `encoding ${declared}`);
    }
    return readPlanGml(text);
  } catch (error) {
    if (error instanceof PlanFileError && error.code === 'invalid_file') {
      throw new PlanFileError(format === 'geopackage' ? 'invalid_geopackage' : 'invalid_gml', error.detail, error.layer);
    }
    throw error;
  }
}
