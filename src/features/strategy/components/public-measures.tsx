import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllPages, publicMeasures, type PublicMeasure } from '../../../api';
import type { Backend } from '../../../backend';
import type { MapOverlay } from '../../../map/overlay';
import { measureHitLayers, measureLayers } from '../../../map/measure-layers';
import { formatDate, toLang, type Lang } from '../../../ui';
import { toFeatureCollection } from '../lib/geo';
import { apiKey } from '../../../hooks';

export const PUBLIC_MEASURES_OVERLAY = 'strategy-public-measures';
const LOCAL_FONT = ['sans-serif'];

/**
 * Completed measures ("Åtgärdat") on everyone's map. The overlay's legend doubles as the text equivalent: the
 * list of measures, and for the one picked (on the map or in the list) the reports that led to it. Residents see
 * it, so its texts are in the map namespace, which has Arabic (the strategy namespace is staff-only).
 */
export function usePublicMeasuresOverlay(backend: Backend, ready: boolean): MapOverlay | null {
  const { t, i18n } = useTranslation('map');
  const query = useQuery({
    queryKey: apiKey(publicMeasures, { pages: 'all' }),
    // Every completed measure (page by page): the overlay and its list show them all, as before paging.
    queryFn: () => fetchAllPages((page) => publicMeasures.call(backend, page)),
    enabled: ready,
    staleTime: 5 * 60_000,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const items = query.data?.items;
  const label = t('measuresDone.label');
  const data = useMemo(
    () => (items ? toFeatureCollection(items, (m) => m.geometry, (m) => ({ id: m.id, label })) : null),
    [items, label],
  );
  const onClick = useCallback((f: { properties: Record<string, unknown> }) => {
    if (typeof f.properties.id === 'string') setSelected(f.properties.id);
  }, []);
  const lang = toLang(i18n.language);
  return useMemo(() => {
    if (!items || !data) return null;
    return {
      id: PUBLIC_MEASURES_OVERLAY,
      label: t('measuresDone.overlay'),
      data,
      // MapLibre cannot shape Arabic script without its RTL plugin (a 300 kB worker for this one word), so in
      // Arabic the map draws the outlines only; the legend's list is the text equivalent in every language.
      layers: measureLayers(PUBLIC_MEASURES_OVERLAY, { textFont: lang === 'ar' ? null : LOCAL_FONT }),
      interactiveLayerIds: measureHitLayers(PUBLIC_MEASURES_OVERLAY),
      onClick,
      legend: <PublicMeasuresList items={items} selected={selected} onSelect={setSelected} lang={lang} />,
    };
  }, [items, data, selected, onClick, t, lang]);
}

function PublicMeasuresList({
  items,
  selected,
  onSelect,
  lang,
}: {
  items: PublicMeasure[];
  selected: string | null;
  onSelect(id: string | null): void;
  lang: Lang;
}) {
  const { t } = useTranslation('map');
  const current = items.find((m) => m.id === selected) ?? null;
  return (
    <div className="strategy-public" data-testid="public-measures">
      <p className="visually-hidden">{t('measuresDone.listTitle')}</p>
      {items.length === 0 ? <p>{t('measuresDone.empty')}</p> : null}
      <ul className="strategy-public-list">
        {items.map((m) => (
          <li key={m.id}>
            {/* Titles are staff's own words, in Swedish: marked so, a screen reader in Arabic or English reads them right. */}
            <button
              type="button"
              className="btn btn-link"
              lang="sv"
              aria-expanded={m.id === selected}
              onClick={() => onSelect(m.id === selected ? null : m.id)}
            >
              {m.title}
            </button>{' '}
            <span>
              {t(`measureTypes.${m.type}`)} – {t('measuresDone.doneOn', { date: formatDate(m.done_date, lang) })}
            </span>
          </li>
        ))}
      </ul>
      {current ? (
        <section aria-label={current.title} className="strategy-public-detail">
          <p>
            <strong lang="sv">{current.title}</strong>
          </p>
          <p>{t('measuresDone.reportsTitle')}:</p>
          {current.report_ids.length === 0 ? (
            <p>{t('measuresDone.noReports')}</p>
          ) : (
            <ul>
              {current.report_ids.map((id, i) => (
                <li key={id}>
                  <a href={`#/report/${id}`}>{t('measuresDone.report', { n: i + 1 })}</a>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn btn-ghost" onClick={() => onSelect(null)}>
            {t('measuresDone.close')}
          </button>
        </section>
      ) : null}
    </div>
  );
}
