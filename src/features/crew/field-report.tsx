import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { crewFocusChallenge } from '../../domain/challenges';
import { ApiError } from '../../domain/errors';
import { isInMalmoEnvelope } from '../../domain/report-rules';
import type { MapViewState } from '../../map';
import { Button, ErrorCodeMessage, ErrorMessage, nameOf, toLang } from '../../ui';
import { photoProblem, resizeToJpeg } from '../../ui/photo-encode';
import { crewOutbox } from './lib/crew-outbox';
import { OutboxStateBadge } from './outbox-view';
import { useCrewOutboxItems } from './use-crew-outbox';
import { PhotoField } from './photo-field';

type Place = { lon: number; lat: number; how: 'gps' | 'map' };

/**
 * "Fältrapport": category → place (own position or the map's centre) → send, in a few taps. The report goes
 * through the crew outbox (lib/crew-outbox.ts): sent at once when online; without a network it waits in
 * IndexedDB ("Väntar på nätet") and is sent when the network returns. The report id is made here and is the
 * outbox item's id, so a retry can never file it twice (submit_report is idempotent on the id).
 */
export function FieldReport({
  backend,
  reference,
  view,
  onOpenReport,
  onSent,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  view: MapViewState | null;
  onOpenReport(id: string): void;
  /** A field report was filed (or queued): where, to mark it on the map. */
  onSent?(report: { id: string; lon: number; lat: number }): void;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const [category, setCategory] = useState('');
  const [place, setPlace] = useState<Place | null>(null);
  const [description, setDescription] = useState('');
  const [locating, setLocating] = useState(false);
  const [clientError, setClientError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [reportId, setReportId] = useState(() => crypto.randomUUID());
  // The crew's own challenge (crew_focus in the period in force) comes first, the rest behind "more"; with none
  // flagged, every category is offered at once.
  const focus = crewFocusChallenge(reference?.challenges);
  const categories = [...(reference?.categories ?? [])].sort(
    (a, b) => Number(b.challenge === focus) - Number(a.challenge === focus) || a.sort - b.sort,
  );
  const quick = focus ? categories.filter((c) => c.challenge === focus) : categories;
  const others = focus ? categories.filter((c) => c.challenge !== focus) : [];
  // This form's report in the outbox (queued, sending, sent or failed), if it was submitted.
  const item = useCrewOutboxItems(backend).find((i) => i.id === reportId) ?? null;
  const markAt = item && item.state !== 'failed' && item.payload.kind === 'field' ? item.payload.input : null;
  const [markId, markLon, markLat] = [markAt?.id, markAt?.lon, markAt?.lat];
  useEffect(() => {
    if (markId !== undefined && markLon !== undefined && markLat !== undefined) onSent?.({ id: markId, lon: markLon, lat: markLat });
  }, [markId, markLon, markLat, onSent]);

  const useGps = () => {
    setClientError(null);
    if (!('geolocation' in navigator)) return setClientError(new ApiError('invalid_position'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPlace({ lon: pos.coords.longitude, lat: pos.coords.latitude, how: 'gps' });
      },
      () => {
        setLocating(false);
        setClientError(new ApiError('invalid_position'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };
  const useMapCentre = () => {
    setClientError(null);
    if (!view) return;
    setPlace({ lon: (view.west + view.east) / 2, lat: (view.south + view.north) / 2, how: 'map' });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    if (!category) return setClientError(new ApiError('unknown_category'));
    if (!place || !isInMalmoEnvelope(place.lon, place.lat)) return setClientError(new ApiError('invalid_position'));
    const problem = photo ? photoProblem(photo) : null;
    if (problem) return setClientError(new ApiError(problem));
    const cat = categories.find((c) => c.code === category);
    const text = description.trim() || t('field.defaultDescription', { category: nameOf(cat, lang, category) });
    const input = {
      id: reportId,
      category,
      lon: place.lon,
      lat: place.lat,
      description: text,
      observedAt: new Date(),
      source: 'crew' as const,
      photoPath: null,
    };
    const outbox = crewOutbox(backend);
    setAdding(true);
    // The photo is re-encoded here, before it is stored in the outbox: EXIF (the camera's GPS position, time, device)
    // never leaves the phone, and a queued report keeps only the small JPEG.
    const blob = photo
      ? resizeToJpeg(photo).then(
          (r) => r.blob,
          () => Promise.reject(new ApiError('photo_type')),
        )
      : Promise.resolve(null);
    void blob
      .then((b) => outbox.add({ id: reportId, owner: backend.identity().userId, payload: { kind: 'field', input }, blob: b }))
      .then(() => outbox.flush({ force: true }))
      .catch((error: unknown) => setClientError(error instanceof ApiError ? error : new ApiError('unexpected')))
      .finally(() => setAdding(false));
  };

  const again = () => {
    setReportId(crypto.randomUUID());
    setCategory('');
    setDescription('');
    setPhoto(null);
  };

  /** Failed: take it out of the outbox and back into the form (still filled in), to change and send again. */
  const edit = () => {
    void crewOutbox(backend).take(reportId);
  };

  const catButton = (c: (typeof categories)[number]) => (
    <Button
      key={c.code}
      className="crew-cat"
      variant={category === c.code ? 'primary' : 'secondary'}
      aria-pressed={category === c.code}
      onClick={() => setCategory(c.code)}
    >
      {nameOf(c, lang, c.code)}
    </Button>
  );

  return (
    <section className="crew-section" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>{t('field.title')}</h2>
      {item?.state === 'sent' ? (
        <div role="status">
          <p>
            {t('field.sent')} {t('field.marked')}
          </p>
          <div className="crew-actions">
            <Button onClick={() => onOpenReport(item.id)}>{t('field.open')}</Button>
            <Button variant="primary" onClick={again}>
              {t('field.another')}
            </Button>
          </div>
        </div>
      ) : item?.state === 'queued' ? (
        <div role="status" data-outbox-id={item.id}>
          <p>
            <OutboxStateBadge item={item} /> {t('field.queued')} {t('field.marked')}
          </p>
          <div className="crew-actions">
            <Button variant="primary" onClick={again}>
              {t('field.another')}
            </Button>
          </div>
        </div>
      ) : item?.state === 'failed' ? (
        <div data-outbox-id={item.id}>
          <p role="status">
            <OutboxStateBadge item={item} /> {t('field.failed')}
          </p>
          <ErrorCodeMessage code={item.error} />
          <div className="crew-actions">
            <Button variant="primary" onClick={() => void crewOutbox(backend).retry(item.id).catch(() => undefined)}>
              {t('outbox.retry')}
            </Button>
            <Button onClick={edit}>{t('field.edit')}</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <fieldset>
            <legend>{t('field.category')}</legend>
            <div className="crew-cats">{quick.map(catButton)}</div>
            {others.length > 0 ? (
              <details>
                <summary>{t('field.moreCategories')}</summary>
                <div className="crew-cats">{others.map(catButton)}</div>
              </details>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>{t('field.place')}</legend>
            <div className="crew-actions">
              <Button busy={locating} onClick={useGps}>
                {t('field.gps')}
              </Button>
              <Button disabled={!view} onClick={useMapCentre}>
                {t('field.mapCentre')}
              </Button>
            </div>
            <p role="status" className="hint">
              {place
                ? t(place.how === 'gps' ? 'field.placeGps' : 'field.placeMap', {
                    lat: place.lat.toFixed(5),
                    lon: place.lon.toFixed(5),
                  })
                : t('field.noPlace')}
            </p>
          </fieldset>
          <div className="field">
            <label htmlFor={`${uid}-desc`}>{t('field.description')}</label>
            <textarea id={`${uid}-desc`} rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} aria-describedby={`${uid}-desc-hint`} />
            <p className="hint" id={`${uid}-desc-hint`}>
              {t('field.descriptionHint')}
            </p>
          </div>
          <PhotoField id={`${uid}-photo`} label={t('field.photo')} onChange={setPhoto} />
          <ErrorMessage error={clientError} />
          <Button type="submit" variant="primary" busy={adding || item?.state === 'sending'}>
            {t('field.send')}
          </Button>
        </form>
      )}
    </section>
  );
}
