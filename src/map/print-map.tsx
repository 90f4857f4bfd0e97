import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { PRINT_COLORS, printBasemap, printFrame, type LonLatBox, type PrintFrame } from './print-basemap';

/** A4 portrait's text width at 96 dpi with a browser's default margins (about 718 px), less a little. */
const PRINT_WIDTH = 680;

/**
 * A map for paper: SVG on the offline basemap of print-basemap.ts, with the caller's layers drawn through the
 * frame (`children(frame)`). Drawn at the width it is shown at (one SVG unit per CSS pixel, measured), so its 12 px
 * names are 12 px on screen and on the A4 page the print view is laid out for, never shrunk to 7 px.
 */
export function PrintMap({
  content,
  kommun,
  districts,
  label,
  aspect = 0.62,
  testId,
  children,
}: {
  /** The box the map must show (the frame widens it to its shape). */
  content: LonLatBox;
  kommun: Feature<Polygon | MultiPolygon> | null | undefined;
  districts: FeatureCollection | null | undefined;
  /** The map's text alternative: what it shows, in numbers. */
  label: string;
  /** Height / width. */
  aspect?: number;
  testId?: string;
  children?: (frame: PrintFrame) => ReactNode;
}) {
  const clip = useId();
  const figure = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(680);
  useEffect(() => {
    const el = figure.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const shown = Math.round(entry?.contentRect.width ?? 0);
      if (shown > 0) setWidth(Math.max(280, shown));
    });
    observer.observe(el);
    // Printing lays the page out anew without running our code: a map measured on a wide screen would be scaled
    // down to the page and its names with it. Just before printing it is drawn at most a portrait page's width.
    const beforePrint = () => flushSync(() => setWidth((w) => Math.min(w, PRINT_WIDTH)));
    const afterPrint = () => setWidth(Math.max(280, Math.round(el.getBoundingClientRect().width)) || 680);
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
    };
  }, []);
  const height = Math.round(width * aspect);
  const [w, s, e, n] = content;
  const frame = useMemo(() => printFrame([w, s, e, n], width, height), [w, s, e, n, width, height]);
  const base = useMemo(() => printBasemap(frame, kommun ?? null, districts ?? null), [frame, kommun, districts]);
  const bar = base.scaleBar;
  return (
    <div ref={figure} className="print-map">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={label}
        data-testid={testId}
        data-basemap={kommun && districts ? 'ready' : 'loading'}
        style={{ display: 'block', maxWidth: 'none' }}
      >
        <defs>
          <clipPath id={clip}>
            <rect width={width} height={height} />
          </clipPath>
        </defs>
        <g clipPath={`url(#${clip})`}>
          <rect width={width} height={height} fill={PRINT_COLORS.neighbour} />
          {base.sea ? <path d={base.sea} fill={PRINT_COLORS.sea} /> : null}
          {base.land ? <path d={base.land} fill={PRINT_COLORS.land} fillRule="evenodd" /> : null}
          <path d={base.districts} fill="none" stroke={PRINT_COLORS.district} strokeWidth={0.8} strokeLinejoin="round" />
          {base.boundary ? <path d={base.boundary} fill="none" stroke={PRINT_COLORS.boundary} strokeWidth={1.6} /> : null}
          {children?.(frame)}
          {base.labels.map((l) => (
            <text
              key={`${l.text}:${l.x}`}
              x={l.x}
              y={l.y}
              textAnchor="middle"
              fontSize={12}
              fill={PRINT_COLORS.label}
              stroke="#ffffff"
              strokeWidth={3}
              strokeLinejoin="round"
              paintOrder="stroke"
              aria-hidden="true"
            >
              {l.text}
            </text>
          ))}
        </g>
        <g aria-hidden="true" data-testid={testId ? `${testId}-scale` : undefined}>
          <rect x={bar.x - 6} y={bar.y - 22} width={bar.length + 12} height={28} fill="#ffffff" fillOpacity={0.85} />
          <path d={`M${bar.x} ${bar.y - 5}V${bar.y}H${bar.x + bar.length}V${bar.y - 5}`} fill="none" stroke="#000000" strokeWidth={2} />
          <text x={bar.x} y={bar.y - 8} fontSize={12} fill="#000000">
            {bar.label}
          </text>
        </g>
        <g aria-hidden="true" transform={`translate(${base.north.x} ${base.north.y})`}>
          <path d="M0 0L8 22L0 17L-8 22Z" fill="#000000" stroke="#ffffff" strokeWidth={1} />
          <text x={0} y={36} textAnchor="middle" fontSize={12} fontWeight={700} fill="#000000" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
            N
          </text>
        </g>
        <rect width={width} height={height} fill="none" stroke="#666666" />
      </svg>
    </div>
  );
}
