import { useCallback, useState } from 'react';
import { STAFF_TABS, type StaffTab } from './route';

const KEY = 'trygghetskartan.workspace.';

function readAll(): Partial<Record<StaffTab, boolean>> {
  const out: Partial<Record<StaffTab, boolean>> = {};
  try {
    for (const tab of STAFF_TABS) {
      const v = globalThis.localStorage?.getItem(KEY + tab);
      if (v === 'wide' || v === 'narrow') out[tab] = v === 'wide';
    }
  } catch {
    /* private mode: nothing remembered */
  }
  return out;
}

/**
 * "Bred arbetsyta": per staff tab, whether its panel takes most of a wide screen with the map as a narrower panel
 * beside it. Remembered per tab in this browser; narrow until chosen.
 */
export function useWideWorkspace() {
  const [wide, setWide] = useState(readAll);
  const isWide = useCallback((tab: StaffTab) => wide[tab] ?? false, [wide]);
  const toggle = useCallback((tab: StaffTab) => {
    setWide((prev) => {
      const next = { ...prev, [tab]: !(prev[tab] ?? false) };
      try {
        globalThis.localStorage?.setItem(KEY + tab, next[tab] ? 'wide' : 'narrow');
      } catch {
        /* not remembered */
      }
      return next;
    });
  }, []);
  return { isWide, toggle };
}
