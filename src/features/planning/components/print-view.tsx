import type { MultiPolygon } from 'geojson';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Development, EvidenceBuffer, ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { factorText } from '../../../domain/assessment-factors';
import { isAssessmentFactor } from '../../../domain/assessment-factors';
import { Button, ErrorMessage, formatDate, formatDateTime, toLang } from '../../../ui';
import { useAssessments, useEvidence, type Boundary } from '../hooks';
import { useGeoJsonFile } from '../../../hooks';
import { PrintMap } from '../../../map/print-map';
import './print-view.css';
import { evidenceExtent } from '../lib/evidence-pack';
import { useTouchingCells } from './development-view';
import { EvidenceTables, HotspotTable, RatesTable } from './evidence-tables';

/**
 * The printable summary: a map drawn as SVG from the geometry and the report points (prints anywhere, no
 * WebGL), the tables and the latest assessment. While it is shown, `html.plan-printing` makes the print
 * stylesheet print only this.
 */
export function PrintView({
  backend,
  reference,
  development: d,
  boundary,
  bufferM,
  ready,
  onClose,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  development: Development;
  boundary: Boundary | undefined;
  bufferM: EvidenceBuffer;
  ready: boolean;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  const evidence = useEvidence(backend, d.id, bufferM, ready);
  const assessments = useAssessments(backend, d.id, ready);
  const { touching, ring } = useTouchingCells(backend, d, bufferM, boundary, ready);
  const heading = useRef<HTMLHeadingElement>(null);

  // Print only this while it is shown: the panel stays mounted when another tab (or another role's Strategi) is
  // shown, and a class left on the page then printed that tab blank. Shown = laid out (a hidden tab has no boxes).
  const article = useRef<HTMLElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const el = article.current;
    const root = document.documentElement;
    if (!el) return;
    const update = () => root.classList.toggle('plan-printing', el.getClientRects().length > 0);
    update();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      root.classList.remove('plan-printing');
    };
  }, []);

  // The basemap from the bundled files (no network; the planners' map loads the same ones).
  const districts = useGeoJsonFile('malmo_delomraden.geojson');
  const ev = evidence.data;
  const extent = ev ? evidenceExtent(d.geometry as MultiPolygon, ring, ev.reports) : null;
  const latest = assessments.data?.items[0];
  // Printed before everything has arrived, the page would say "Laddar…" where the hot spots go (and grow a page
  // once they come): the print button waits, and aria-busy tells a screen reader (and the print test) it is not done.
  const complete = !!ev && !!touching && !assessments.isPending && !districts.isPending;

  return (
    <article
      ref={article}
      className="plan-print"
      data-testid="plan-print"
      aria-labelledby="plan-print-title"
      aria-busy={!complete}
    >
      <div className="plan-actions plan-no-print">
        <Button variant="primary" busy={!complete} onClick={() => complete && window.print()}>
          {t('print.print')}
        </Button>
        <Button onClick={onClose}>{t('print.close')}</Button>
      </div>
      <h2 id="plan-print-title" ref={heading} tabIndex={-1}>
        {t('print.title', { name: d.name })}
      </h2>
      <p>
        {t(`phase.${d.phase}`)}
        {d.plan_id ? ` · ${d.plan_id}` : ''}
        {d.expected_completion ? ` · ${t('fields.expected_completion')}: ${formatDate(d.expected_completion, lang)}` : ''}
        {' · '}
        {t('print.generated', { date: formatDateTime(new Date(), lang) })}
      </p>
      {evidence.isError ? <ErrorMessage error={evidence.error} /> : null}
      {extent && ev ? (
        <figure className="plan-print-map">
          <PrintMap
            content={extent}
            kommun={boundary}
            districts={districts.data}
            testId="plan-print-map"
            label={t('print.mapLabel', { inside: ev.inside.total, ring: ev.ring.total, buffer: bufferM })}
          >
            {(frame) => (
              <>
                {ring ? (
                  <path d={frame.path(ring)} fill="#F0E442" fillOpacity={0.25} stroke="#333333" strokeDasharray="4 3" fillRule="evenodd" />
                ) : null}
                <path d={frame.path(d.geometry as MultiPolygon)} fill="#009E73" fillOpacity={0.3} stroke="#1A1A1A" strokeWidth={2} fillRule="evenodd" />
                {ev.reports.map((r) => {
                  const [x, y] = frame.px(r.lon, r.lat);
                  return r.inside ? (
                    <circle key={r.id} cx={x} cy={y} r={3.5} fill="#1A1A1A" stroke="#FFFFFF" strokeWidth={0.8} />
                  ) : (
                    <circle key={r.id} cx={x} cy={y} r={3.5} fill="#FFFFFF" stroke="#1A1A1A" strokeWidth={1.4} />
                  );
                })}
              </>
            )}
          </PrintMap>
          <figcaption>{t('print.mapCaption', { buffer: bufferM })}</figcaption>
        </figure>
      ) : null}
      {ev ? (
        <>
          <EvidenceTables evidence={ev} reference={reference} />
          <RatesTable evidence={ev} />
        </>
      ) : null}
      <h3>{t('hotspots.title')}</h3>
      {touching ? <HotspotTable cells={touching} /> : <p>{t('loading')}</p>}
      <h3>{t('print.assessment')}</h3>
      {latest ? (
        <table className="plan-table" data-testid="plan-print-assessment">
          <caption>
            {t('print.assessmentVersion', { version: latest.version, date: formatDateTime(latest.created_at, lang) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('assessment.factor')}</th>
              <th scope="col">{t('assessment.ratingCol')}</th>
              <th scope="col">{t('assessment.note')}</th>
              <th scope="col">{t('assessment.reports')}</th>
            </tr>
          </thead>
          <tbody>
            {latest.factors.map((f) => (
              <tr key={f.factor}>
                <th scope="row">{isAssessmentFactor(f.factor) ? factorText(f.factor, lang).label : f.factor}</th>
                <td>{f.rating ?? t('assessment.notRated')}</td>
                <td className="user-text">{f.note ?? ''}</td>
                <td>{f.report_ids.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('assessment.none')}</p>
      )}
    </article>
  );
}
