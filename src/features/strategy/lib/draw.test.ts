import { describe, expect, it } from 'vitest';
import { geometryFromVertices, verticesOf, type Vertex } from './draw';

const a: Vertex = [13.0, 55.6];
const b: Vertex = [13.01, 55.6];
const c: Vertex = [13.01, 55.61];

describe('geometryFromVertices', () => {
  it('needs one vertex for a point, two for a line, three for an area', () => {
    expect(geometryFromVertices('Point', [])).toBeNull();
    expect(geometryFromVertices('Point', [a, b])).toEqual({ type: 'Point', coordinates: b });
    expect(geometryFromVertices('LineString', [a])).toBeNull();
    expect(geometryFromVertices('LineString', [a, b])).toEqual({ type: 'LineString', coordinates: [a, b] });
    expect(geometryFromVertices('Polygon', [a, b])).toBeNull();
  });

  it('closes an area\'s ring and drops a repeated vertex (a double click)', () => {
    expect(geometryFromVertices('Polygon', [a, b, b, c])).toEqual({ type: 'Polygon', coordinates: [[a, b, c, a]] });
    expect(geometryFromVertices('LineString', [a, a])).toBeNull();
  });

  it('gives back the vertices to go on editing; multi-part shapes are not drawn', () => {
    expect(verticesOf({ type: 'Polygon', coordinates: [[a, b, c, a]] })).toEqual({ kind: 'Polygon', vertices: [a, b, c] });
    expect(verticesOf({ type: 'LineString', coordinates: [a, b] })).toEqual({ kind: 'LineString', vertices: [a, b] });
    expect(verticesOf({ type: 'MultiPolygon', coordinates: [[[a, b, c, a]]] })).toBeNull();
    expect(verticesOf(null)).toBeNull();
  });
});
