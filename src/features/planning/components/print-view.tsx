import type { MultiPolygon } from 'geojson';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Development, EvidenceBuffer, ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { factorText } from '../../../domain/assessment-factors';
import { isAssessmentFactor } from '../../../domain/assessment-factors';
import { Button, ErrorMessage, formatDate, formatDateTime, toLang } from '../../../ui';
import { useAssessments, useEvidence, type Boundary } from '../hooks';
import { svgMap } from '../lib/evidence-pack';
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

  useEffect(() => {
    document.documentElement.classList.add('plan-printing');
    heading.current?.focus();
    return () => document.documentElement.classList.remove('plan-printing');
  }, []);

  const ev = evidence.data;
  const map = ev ? svgMap(d.geometry as MultiPolygon, ring, ev.reports) : null;
  const latest = assessments.data?.items[0];

  return (
    <article className="plan-print" data-testid="plan-print" aria-labelledby="plan-print-title">
      <div className="plan-actions plan-no-print">
        <Button variant="primary" onClick={() => window.print()}>
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
      {map ? (
        <figure className="plan-print-map">
          <svg viewBox={`0 0 ${map.width} ${map.height}`} width="100%" role="img" aria-label={t('print.mapLabel', { inside: ev!.inside.total, ring: ev!.ring.total, buffer: bufferM })}>
            <rect width={map.width} height={map.height} fill="#FFFFFF" stroke="#CCCCCC" />
            {map.buffer ? <path d={map.buffer} fill="#F0E442" fillOpacity={0.15} stroke="#333333" strokeDasharray="4 3" fillRule="evenodd" /> : null}
            <path d={map.development} fill="#009E73" fillOpacity={0.25} stroke="#1A1A1A" strokeWidth={2} fillRule="evenodd" />
            {map.points.map((p, i) =>
              p.inside ? (
                <circle key={i} cx={p.x} cy={p.y} r={3} fill="#1A1A1A" />
              ) : (
                <circle key={i} cx={p.x} cy={p.y} r={3} fill="#FFFFFF" stroke="#1A1A1A" strokeWidth={1.2} />
              ),
            )}
          </svg>
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
