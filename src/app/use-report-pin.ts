import { useCallback, useEffect, useState } from 'react';
import type { LonLat, MapController } from '../map';

/**
 * The report flow's pin, shared between the map and the report panel. It is shown, and pin mode takes map clicks
 * and arrow keys, only while the report tab is the one shown.
 */
export function useReportPin(map: MapController, reportTabActive: boolean) {
  const [pin, setPin] = useState<LonLat | null>(null);
  const [pinMode, setPinMode] = useState(false);
  /** Bumped when the pin is confirmed on the map (Enter): the report panel's signal to move on. */
  const [pinConfirmKey, setPinConfirmKey] = useState(0);

  useEffect(() => map.on('pinChange', setPin), [map]);
  useEffect(
    () =>
      map.on('pinConfirm', (p) => {
        setPin(p);
        setPinConfirmKey((k) => k + 1);
      }),
    [map],
  );
  useEffect(() => map.setPin(reportTabActive ? pin : null), [map, reportTabActive, pin]);
  useEffect(() => map.setPinMode(reportTabActive && pinMode), [map, reportTabActive, pinMode]);

  const clearPin = useCallback(() => {
    setPin(null);
    setPinMode(false);
  }, []);

  return { pin, setPin, pinConfirmKey, setPinMode, clearPin };
}
