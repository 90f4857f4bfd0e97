import type { Geometry } from 'geojson';

/**
 * One layer of a plan file as the file has it: coordinates in the file's own CRS and axis order, nothing
 * reprojected or validated yet. The GeoPackage and GML readers return these; the import pipeline resolves
 * the CRS (crs.ts), reprojects and validates.
 */
export interface SourceLayer {
  name: string;
  /** What the file says about its CRS; empty when it says nothing (the importer then guesses from the values). */
  crs: { epsg?: number; wkt?: string; srsName?: string };
  /** Attribute names in the file's order. */
  fields: string[];
  /** Positions are [x, y] or [x, y, z] in file order (M values are dropped: GeoJSON has no place for them). */
  features: { properties: Record<string, unknown>; geometry: Geometry | null }[];
}

/**
 * The EPSG code in a CRS name, in the forms GML and GeoJSON files use: `EPSG:3006`, `urn:ogc:def:crs:EPSG::3006`,
 * `urn:ogc:def:crs:EPSG:6.6:3006`, `urn:x-ogc:def:crs:EPSG:3006`, `http://www.opengis.net/def/crs/EPSG/0/3006`,
 * `http://www.opengis.net/gml/srs/epsg.xml#3006`. `CRS84` (longitude first) is reported as 4326.
 */
export function epsgFromSrsName(srsName: string): number | undefined {
  const name = srsName.trim();
  if (/CRS:?84$/i.test(name)) return 4326;
  const code =
    /EPSG(?:\/[\d.]+\/|:(?:[\d.]*:)?)(\d+)$/i.exec(name)?.[1] ??
    /epsg\.xml#(\d+)$/i.exec(name)?.[1];
  return code ? Number(code) : undefined;
}

/**
 * Whether the name asks for the EPSG register's axis order (the URN and http URI forms do, per OGC): for SWEREF 99
 * TM (3006) and 13 30 (3008) that is northing first, for 4326 latitude first. Plain `EPSG:3006` is the
 * traditional GIS order (easting/longitude first) as GDAL, QGIS and GeoServer write it.
 */
export function srsNameUsesAuthorityAxisOrder(srsName: string): boolean {
  return /^urn:(x-)?ogc:def:crs:EPSG:/i.test(srsName.trim()) || /\/def\/crs\/EPSG\//i.test(srsName);
}
