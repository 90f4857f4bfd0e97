import { useEffect, useRef, useState, type RefObject } from 'react';

/** The bottom sheet's heights on a phone: the tabs only, half the map, or the whole screen below the header. */
export const SHEET_STATES = ['peek', 'half', 'full'] as const;
export type SheetState = (typeof SHEET_STATES)[number];

export function largerSheet(s: SheetState): SheetState {
  return SHEET_STATES[Math.min(SHEET_STATES.indexOf(s) + 1, SHEET_STATES.length - 1)]!;
}
export function smallerSheet(s: SheetState): SheetState {
  return SHEET_STATES[Math.max(SHEET_STATES.indexOf(s) - 1, 0)]!;
}
/** Where a drag that left the sheet `fraction` of the layout tall snaps to. */
export function snapSheet(fraction: number): SheetState {
  return fraction < 0.33 ? 'peek' : fraction < 0.75 ? 'half' : 'full';
}

export interface SheetGeometry {
  /** Pixels of the map the sheet covers (0 when the panel is beside the map). */
  covered: number;
  /** Height of the area the map and the sheet share. */
  layout: number;
}

/**
 * The sheet's state, and how much of the layout it covers, measured (a ResizeObserver on the sheet and the layout):
 * the map ends above it. On wider screens the panel sits beside the map and covers nothing.
 */
export function useSheet(
  sheetRef: RefObject<HTMLElement | null>,
  layoutRef: RefObject<HTMLElement | null>,
  isPhone: boolean,
  initial: SheetState,
) {
  const [state, setState] = useState<SheetState>(initial);
  const [geometry, setGeometry] = useState<SheetGeometry>({ covered: 0, layout: 0 });
  const geometryRef = useRef(geometry);

  useEffect(() => {
    const sheet = sheetRef.current;
    const layout = layoutRef.current;
    if (!sheet || !layout || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const next = { covered: isPhone ? sheet.getBoundingClientRect().height : 0, layout: layout.clientHeight };
      const prev = geometryRef.current;
      if (Math.round(prev.covered) === Math.round(next.covered) && prev.layout === next.layout) return;
      geometryRef.current = next;
      setGeometry(next);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(sheet);
    observer.observe(layout);
    measure();
    return () => observer.disconnect();
  }, [sheetRef, layoutRef, isPhone]);

  return { state, setState, geometry };
}
