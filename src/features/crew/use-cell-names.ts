import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { geoJsonFileOptions } from '../../hooks';
import { districtShapes, placeOf } from './lib/cell-names';
import { cellCentre } from './lib/hotspot-geojson';

/**
 * Human names for hexagon cells ("Möllevången, nordöstra delen") instead of their grid coordinates: the delområde the
 * cell's centre falls in and the part of it. Until the districts are loaded, and outside them, the cell's coordinates.
 */
export function useCellNames() {
  const { t } = useTranslation('crew');
  const shapes = useQuery({ ...geoJsonFileOptions('malmo_delomraden_simplified.geojson'), select: districtShapes });
  const data = shapes.data;
  return useCallback(
    (cell: { q: number; r: number }, size: number): string => {
      const centre = cellCentre(cell.q, cell.r, size);
      const place = data ? placeOf(centre.lon, centre.lat, data) : null;
      if (!place) return t('cellName.unnamed', { cell: `${cell.q}:${cell.r}` });
      return place.part
        ? t('cellName.named', { district: place.district, part: t(`cellName.part.${place.part}`) })
        : place.district;
    },
    [data, t],
  );
}
