import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui';
import { isInMalmoEnvelope } from '../../../domain/report-rules';
import { useDistricts } from '../api/districts';
import { districtAt, type DistrictEntry } from '../lib/district-search';
import { placeProblem } from '../lib/steps';
import { DistrictSearchBox } from './district-search-box';
import { StepSection } from './step-section';
import { useCoarsePointer } from './use-coarse-pointer';

type Pin = { lon: number; lat: number };
type GeoState = 'idle' | 'locating' | 'found' | 'unsupported' | 'denied' | 'unavailable' | 'timeout' | 'outside';

export function PlaceStep({
  headingRef,
  pin,
  outsideMalmo,
  confirmError,
  onSetPin,
  onConfirm,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  pin: Pin | null;
  /** The pin is outside Malmö's boundary (in the sea, or beyond the city): refused where it was placed. */
  outsideMalmo: boolean;
  /** Set after a failed confirmation (e.g. no pin yet). */
  confirmError: 'no_pin' | 'invalid_position' | null;
  onSetPin(p: Pin, opts?: { fly?: boolean; zoom?: number }): void;
  onConfirm(): void;
}) {
  const { t } = useTranslation(['report', 'errors']);
  const districts = useDistricts();
  const [geo, setGeo] = useState<GeoState>('idle');
  const [picked, setPicked] = useState<string | null>(null);
  const coarsePointer = useCoarsePointer();

  const useMyPosition = () => {
    setPicked(null);
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setGeo('unsupported');
      return;
    }
    setGeo('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = { lon: pos.coords.longitude, lat: pos.coords.latitude };
        if (!isInMalmoEnvelope(p.lon, p.lat)) {
          setGeo('outside');
          return;
        }
        onSetPin(p, { fly: true, zoom: 17 });
        setGeo('found');
      },
      (err) => {
        setGeo(err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const onPick = (d: DistrictEntry) => {
    setGeo('idle');
    setPicked(d.name);
    onSetPin({ lon: d.lon, lat: d.lat }, { fly: true, zoom: 15 });
  };

  const problem = placeProblem(pin);
  const inDistrict = pin && districts.data ? districtAt(districts.data, pin.lon, pin.lat) : null;
  const coords = pin ? t('place.coords', { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) }) : '';
  const placeText = !pin
    ? t('place.noPin')
    : t('place.current', {
        place: inDistrict
          ? t('place.inDistrict', { district: inDistrict.name, stadsdel: inDistrict.stadsdel, coords })
          : coords,
      });

  const geoMessage: Partial<Record<GeoState, string>> = {
    unsupported: t('place.geoUnsupported'),
    denied: t('place.geoDenied'),
    unavailable: t('place.geoUnavailable'),
    timeout: t('place.geoTimeout'),
    outside: t('errors:outside_malmo'),
  };

  return (
    <StepSection step="place" title={t('place.title')} headingRef={headingRef}>
      <p className="report-hint">{t(coarsePointer ? 'place.instructionsTouch' : 'place.instructions')}</p>

      <div className="report-row">
        <Button className="report-btn" onClick={useMyPosition} busy={geo === 'locating'}>
          {t('place.useMyPosition')}
        </Button>
      </div>
      <div aria-live="polite" className="report-status">
        {geo === 'locating' ? <p>{t('place.locating')}</p> : null}
        {geo === 'found' ? <p>{t('place.geoFound')}</p> : null}
        {picked ? <p>{t('place.search.chosen', { name: picked })}</p> : null}
      </div>
      {geoMessage[geo] ? (
        <p role="alert" className="report-field-error">
          {geoMessage[geo]}
        </p>
      ) : null}

      <DistrictSearchBox onPick={onPick} />

      <p className="report-current-place" role="status">
        {placeText}
      </p>
      {problem === 'outside_malmo' || (problem === null && outsideMalmo) ? (
        <p role="alert" className="report-field-error">
          {t('errors:outside_malmo')}
        </p>
      ) : null}
      {confirmError === 'no_pin' && !pin ? (
        <p role="alert" className="report-field-error">
          {t('place.noPinError')}
        </p>
      ) : null}
      {confirmError === 'invalid_position' && problem === 'invalid_position' ? (
        <p role="alert" className="report-field-error">
          {t('errors:invalid_position')}
        </p>
      ) : null}

      <div className="report-actions">
        <Button variant="primary" className="report-btn" onClick={onConfirm}>
          {t('place.confirm')}
        </Button>
      </div>
    </StepSection>
  );
}
