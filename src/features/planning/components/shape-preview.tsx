import type { MultiPolygon, Polygon } from 'geojson';
import { svgMap } from '../lib/evidence-pack';

/** A small outline drawing (before/after a repair). Decorative: the caller says in text what it shows. */
export function ShapePreview({ geometry, label }: { geometry: Polygon | MultiPolygon; label: string }) {
  const map = svgMap(geometry, null, [], 120, 90, 6);
  return (
    <figure className="plan-shape">
      <svg viewBox={`0 0 ${map.width} ${map.height}`} width={map.width} height={map.height} aria-hidden="true">
        <path d={map.development} fillRule="evenodd" fill="#009E73" fillOpacity={0.3} stroke="#1A1A1A" strokeWidth={1.5} />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
