import { useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { largerSheet, smallerSheet, snapSheet, type SheetState } from './use-sheet';

interface SheetBarProps {
  state: SheetState;
  onChange(state: SheetState): void;
  /** The sheet being dragged, and the area it slides in. */
  sheetRef: RefObject<HTMLElement | null>;
  layoutRef: RefObject<HTMLElement | null>;
  onDragging(dragging: boolean): void;
}

/** Pointer travel below which a press on the handle is a tap (cycle the heights), not a drag. */
const TAP_SLOP_PX = 6;

/**
 * The bottom sheet's controls on a phone: "Mindre panel" and "Större panel" buttons, and between them a drag handle
 * (also a button: a tap cycles peek → half → full, the arrow keys step). The height is announced politely.
 */
export function SheetBar({ state, onChange, sheetRef, layoutRef, onDragging }: SheetBarProps) {
  const { t } = useTranslation('common');
  const drag = useRef<{ startY: number; startH: number; moved: boolean } | null>(null);
  const suppressClick = useRef(false);

  const onPointerDown = (e: ReactPointerEvent<HTMLButtonElement>) => {
    const sheet = sheetRef.current;
    if (!sheet || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startY: e.clientY, startH: sheet.getBoundingClientRect().height, moved: false };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    const sheet = sheetRef.current;
    const layout = layoutRef.current;
    if (!d || !sheet || !layout) return;
    const dy = d.startY - e.clientY;
    if (!d.moved && Math.abs(dy) < TAP_SLOP_PX) return;
    if (!d.moved) onDragging(true);
    d.moved = true;
    // Follow the finger directly (no React render per move); the state snaps on release.
    sheet.style.height = `${Math.min(layout.clientHeight, Math.max(48, d.startH + dy))}px`;
  };
  const endDrag = () => {
    const d = drag.current;
    const sheet = sheetRef.current;
    const layout = layoutRef.current;
    drag.current = null;
    if (!d?.moved || !sheet || !layout) return;
    suppressClick.current = true;
    const fraction = sheet.getBoundingClientRect().height / Math.max(1, layout.clientHeight);
    sheet.style.height = '';
    onChange(snapSheet(fraction));
    onDragging(false);
  };

  return (
    <div className="sheet-bar">
      <button
        type="button"
        className="btn btn-ghost sheet-step"
        // aria-disabled, not disabled: the button keeps focus when the sheet reaches its smallest height.
        aria-disabled={state === 'peek' || undefined}
        onClick={() => state !== 'peek' && onChange(smallerSheet(state))}
        aria-label={t('sheet.smallerLabel')}
      >
        <span aria-hidden="true">▾</span> {t('sheet.smaller')}
      </button>
      <button
        type="button"
        className="sheet-handle"
        aria-label={t('sheet.handle')}
        aria-describedby="sheet-state"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onClick={() => {
          if (suppressClick.current) {
            suppressClick.current = false;
            return;
          }
          onChange(state === 'full' ? 'peek' : largerSheet(state));
        }}
        onKeyDown={(e) => {
          const next =
            e.key === 'ArrowUp' ? largerSheet(state)
            : e.key === 'ArrowDown' ? smallerSheet(state)
            : e.key === 'Home' ? 'peek'
            : e.key === 'End' ? 'full'
            : null;
          if (!next) return;
          e.preventDefault();
          onChange(next);
        }}
      >
        <span className="sheet-grip" aria-hidden="true" />
      </button>
      <button
        type="button"
        className="btn btn-ghost sheet-step"
        aria-disabled={state === 'full' || undefined}
        onClick={() => state !== 'full' && onChange(largerSheet(state))}
        aria-label={t('sheet.largerLabel')}
      >
        <span aria-hidden="true">▴</span> {t('sheet.larger')}
      </button>
      <span id="sheet-state" role="status" className="visually-hidden">
        {t(`sheet.state.${state}`)}
      </span>
    </div>
  );
}
