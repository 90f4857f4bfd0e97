import { useTranslation } from 'react-i18next';
import type { DevelopmentEvidence, ReferenceData } from '../../../api';
import { formatNumber, localeOf, nameOf, toLang, type Lang } from '../../../ui';
import type { TouchingCell } from '../lib/hotspots';
import { challengeCodes } from '../../../domain/challenges';

const pct = (part: number, total: number, lang: Lang) =>
  total > 0 ? new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 0 }).format(part / total) : '–';

/** Counts inside the development and in the buffer ring, by challenge and category, with darkness. */
export function EvidenceTables({ evidence, reference }: { evidence: DevelopmentEvidence; reference: ReferenceData | undefined }) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  const n = (v: number) => formatNumber(v, lang);
  const { inside, ring } = evidence;
  const categories = Array.from(new Set([...Object.keys(inside.by_category), ...Object.keys(ring.by_category)])).sort(
    (a, b) => (inside.by_category[b] ?? 0) + (ring.by_category[b] ?? 0) - (inside.by_category[a] ?? 0) - (ring.by_category[a] ?? 0),
  );
  const categoryName = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  const challengeName = (code: string) => nameOf(reference?.challenges.find((c) => c.code === code), lang, code);
  // The period's challenges in its order, then any older challenge the reports still carry.
  const known = challengeCodes(reference?.challenges);
  const older = [...Object.keys(inside.by_challenge), ...Object.keys(ring.by_challenge)].filter((c) => !known.includes(c));
  const challengeRows = [...known, ...[...new Set(older)].sort()];
  return (
    <>
      <table className="plan-table" data-testid="plan-summary">
        <caption>{t('evidence.summary', { buffer: evidence.buffer_m })}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('evidence.inside')}</th>
            <th scope="col">{t('evidence.ring')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('evidence.total')}</th>
            <td data-testid="plan-inside-total">{n(inside.total)}</td>
            <td data-testid="plan-ring-total">{n(ring.total)}</td>
          </tr>
          <tr>
            <th scope="row">{t('evidence.dark')}</th>
            <td>
              {n(inside.dark)} ({pct(inside.dark, inside.total, lang)})
            </td>
            <td>
              {n(ring.dark)} ({pct(ring.dark, ring.total, lang)})
            </td>
          </tr>
          <tr>
            <th scope="row">{t('evidence.areaKm2')}</th>
            <td>{evidence.area_km2.toFixed(3)}</td>
            <td>{evidence.ring_km2.toFixed(3)}</td>
          </tr>
        </tbody>
      </table>
      <table className="plan-table">
        <caption>{t('evidence.byChallenge')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evidence.challenge')}</th>
            <th scope="col">{t('evidence.inside')}</th>
            <th scope="col">{t('evidence.ring')}</th>
          </tr>
        </thead>
        <tbody>
          {challengeRows.map((c) => (
            <tr key={c}>
              <th scope="row">{challengeName(c)}</th>
              <td>{n(inside.by_challenge[c] ?? 0)}</td>
              <td>{n(ring.by_challenge[c] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="plan-table">
        <caption>{t('evidence.byCategory')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evidence.category')}</th>
            <th scope="col">{t('evidence.inside')}</th>
            <th scope="col">{t('evidence.ring')}</th>
          </tr>
        </thead>
        <tbody>
          {categories.length === 0 ? (
            <tr>
              <td colSpan={3}>{t('evidence.none')}</td>
            </tr>
          ) : (
            categories.map((c) => (
              <tr key={c}>
                <th scope="row">{categoryName(c)}</th>
                <td>{n(inside.by_category[c] ?? 0)}</td>
                <td>{n(ring.by_category[c] ?? 0)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>
  );
}

/** Rate per km² for the development, its district and the city, with the count and area behind each. */
export function RatesTable({ evidence }: { evidence: DevelopmentEvidence }) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  const rows = [
    { key: 'development', label: t('evidence.rateDevelopment'), rate: evidence.rates.development },
    ...(evidence.rates.district
      ? [{ key: 'district', label: t('evidence.rateDistrict', { name: evidence.rates.district.name }), rate: evidence.rates.district }]
      : []),
    { key: 'city', label: t('evidence.rateCity'), rate: evidence.rates.city },
  ];
  return (
    <table className="plan-table" data-testid="plan-rates">
      <caption>{t('evidence.rates')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('evidence.area')}</th>
          <th scope="col">{t('evidence.count')}</th>
          <th scope="col">{t('evidence.km2')}</th>
          <th scope="col">{t('evidence.perKm2')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{formatNumber(r.rate.count, lang)}</td>
            <td>{r.rate.km2.toFixed(3)}</td>
            <td>{r.rate.per_km2 == null ? '–' : formatNumber(Math.round(r.rate.per_km2 * 10) / 10, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HotspotTable({ cells }: { cells: TouchingCell[] }) {
  const { t } = useTranslation('planning');
  if (cells.length === 0) return <p data-testid="plan-hotspots-none">{t('hotspots.none')}</p>;
  return (
    <table className="plan-table" data-testid="plan-hotspots">
      <caption>{t('hotspots.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('hotspots.cell')}</th>
          <th scope="col">{t('hotspots.class')}</th>
          <th scope="col">{t('evidence.count')}</th>
          <th scope="col">{t('hotspots.touches')}</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={c.id}>
            <th scope="row">{c.id}</th>
            <td>{t(`hotspots.cls.${c.cls}`)}</td>
            <td>{c.count}</td>
            <td>{t(`hotspots.touch.${c.touches}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
