import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { submitReport, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { ApiError } from '../../domain/errors';
import { isInMalmoEnvelope } from '../../domain/report-rules';
import type { MapViewState } from '../../map';
import { Button, ErrorMessage, nameOf, toLang } from '../../ui';
import { errorCodeOf } from '../../ui/error-code';
import { markOwn } from './lib/own-changes';

type Place = { lon: number; lat: number; how: 'gps' | 'map' };

/**
 * "Fältrapport": category → place (own position or the map's centre) → send, in a few taps. The report id
 * is made here, so a retry after a dropped connection can never file it twice (submit_report is idempotent
 * on the id); network failures are retried with back-off while the form stays filled in.
 */
export function FieldReport({
  backend,
  reference,
  view,
  onOpenReport,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  view: MapViewState | null;
  onOpenReport(id: string): void;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const queryClient = useQueryClient();
  const [category, setCategory] = useState('');
  const [place, setPlace] = useState<Place | null>(null);
  const [description, setDescription] = useState('');
  const [locating, setLocating] = useState(false);
  const [clientError, setClientError] = useState<ApiError | null>(null);
  const [reportId, setReportId] = useState(() => crypto.randomUUID());
  const categories = [...(reference?.categories ?? [])].sort(
    (a, b) => Number(b.challenge === 'renhallning') - Number(a.challenge === 'renhallning') || a.sort - b.sort,
  );
  const quick = categories.filter((c) => c.challenge === 'renhallning');
  const others = categories.filter((c) => c.challenge !== 'renhallning');

  const send = useMutation({
    mutationFn: (input: { id: string; category: string; lon: number; lat: number; description: string }) => {
      markOwn([input.id]);
      return submitReport.call(backend, { ...input, observedAt: new Date(), source: 'crew', photoPath: null });
    },
    retry: (count, error) => errorCodeOf(error) === 'network' && count < 5,
    retryDelay: (attempt) => Math.min(30_000, 2_000 * 2 ** attempt),
    networkMode: backend.kind === 'local' ? 'always' : 'offlineFirst',
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['work_list', 'crew-list'] });
      void queryClient.invalidateQueries({ queryKey: ['hotspot_cells'], refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: ['reports_in_view'] });
    },
  });

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
    const cat = categories.find((c) => c.code === category);
    const text = description.trim() || t('field.defaultDescription', { category: nameOf(cat, lang, category) });
    send.mutate({ id: reportId, category, lon: place.lon, lat: place.lat, description: text });
  };

  const again = () => {
    send.reset();
    setReportId(crypto.randomUUID());
    setCategory('');
    setDescription('');
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
      {send.isSuccess ? (
        <div role="status">
          <p>{t('field.sent')}</p>
          <div className="crew-actions">
            <Button onClick={() => onOpenReport(send.data.id)}>{t('field.open')}</Button>
            <Button variant="primary" onClick={again}>
              {t('field.another')}
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <fieldset>
            <legend>{t('field.category')}</legend>
            <div className="crew-cats">{quick.map(catButton)}</div>
            <details>
              <summary>{t('field.moreCategories')}</summary>
              <div className="crew-cats">{others.map(catButton)}</div>
            </details>
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
          <ErrorMessage error={clientError ?? (send.failureCount > 0 && send.isPending ? null : send.error)} />
          {send.isPending && send.failureCount > 0 ? <p role="status">{t('field.retrying', { count: send.failureCount })}</p> : null}
          <Button type="submit" variant="primary" busy={send.isPending}>
            {t('field.send')}
          </Button>
        </form>
      )}
    </section>
  );
}
