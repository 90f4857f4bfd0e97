import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rateRatioEffect } from '../../../analysis/effect';
import { actionPlanFollowup, type ActionPlanFollowup, type ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { apiQuery } from '../../../hooks';
import { Button, ErrorMessage, formatDate, formatNumber, nameOf, toLang } from '../../../ui';
import { PLAN_CSV_COLUMNS, planFollowupCsv, type PlanCsvLabels } from '../lib/followup-csv';
import { periodOfYear } from '../lib/period-of-year';
import { riskTypesLabel, typeLabel } from '../risks/lib/type-label';
import { FollowupRiskPart } from './annual-followup';
import { usePeriods } from './use-periods';

/**
 * The action plans' follow-up of one year: per department and prioritised challenge, the target, the indicators
 * (baseline, target, actual), the activities done with their measures' effects, and the challenge's reports this
 * year against the year before. Printed with the rest of the year view; its own CSV.
 */
export function PlanFollowup({
  backend,
  reference,
  ready,
  year,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  year: number;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const periods = usePeriods(backend, ready);
  const [chosen, setChosen] = useState<string | null>(null);
  const published = (periods.data ?? []).filter((p) => p.status === 'published');
  const periodId = chosen ?? (periods.data ? periodOfYear(periods.data, year)?.id : undefined) ?? null;
  const query = useQuery({ ...apiQuery(backend, actionPlanFollowup, { period: periodId ?? '', year }), enabled: ready && periodId !== null });
  const f = query.data;
  const challengeName = (code: string) => nameOf(reference?.challenges.find((c) => c.code === code), lang, code);

  const downloadCsv = (data: ActionPlanFollowup) => {
    const labels: PlanCsvLabels = {
      lang,
      column: Object.fromEntries(PLAN_CSV_COLUMNS.map((c) => [c, t(`followup.csvColumns.${c}`)])) as PlanCsvLabels['column'],
      section: {
        plan: t('followup.sections.plan'),
        indicator: t('followup.sections.indicator'),
        activity: t('followup.sections.activity'),
        risk: t('followup.sections.risk'),
        risk_type: t('followup.sections.risk_type'),
        risk_source: t('followup.sections.risk_source'),
      },
      challenge: challengeName,
      activityStatus: (s) => t(`plan.statuses.${s}`),
      measureStatus: (s) => t(`measures.statuses.${s}`),
      verdict: (v) => t(`effect.verdicts.${v}`),
      riskTypes: (types) => riskTypesLabel(t, types),
      riskType: (type) => typeLabel(t, type),
    };
    const url = URL.createObjectURL(new Blob([planFollowupCsv(data, labels)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `handlingsplaner-${year}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section className="strategy-plan-followup" aria-labelledby={`${id}-h`} data-testid="plan-followup">
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('followup.title', { year })}
      </h3>
      <fieldset className="strategy-filters strategy-no-print">
        <legend className="visually-hidden">{t('dashboard.filters')}</legend>
        <label>
          {t('followup.period')}
          <select value={periodId ?? ''} onChange={(e) => setChosen(e.target.value || null)}>
            {periodId === null ? <option value="">–</option> : null}
            {published.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => window.print()}>{t('year.print')}</Button>
        <Button onClick={() => f && downloadCsv(f)} disabled={!f}>
          {t('followup.csv')}
        </Button>
      </fieldset>
      {periods.isError ? <ErrorMessage error={periods.error} onRetry={() => void periods.refetch()} /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : query.isFetching && !f ? <p role="status">{t('loading')}</p> : null}
      {periods.data && periodId === null ? <p>{t('followup.noPeriod', { year })}</p> : null}
      {f ? <p className="hint">{f.period.name}</p> : null}
      {f && f.plans.length === 0 ? <p>{t('followup.none', { year })}</p> : null}
      {f?.plans.map((p) => (
        <section key={p.id} className="strategy-plan-block" aria-label={`${p.department} – ${challengeName(p.challenge)}`} data-plan={p.challenge}>
          <h4>
            {p.department} – {challengeName(p.challenge)}
          </h4>
          {p.target.trim() ? (
            <p>
              <strong>{t('plan.target')}:</strong> {p.target}
            </p>
          ) : null}
          <p>
            {t('followup.reports', {
              year,
              n: formatNumber(p.reports.year, lang),
              previous: formatNumber(p.reports.previous_year, lang),
              before: year - 1,
            })}
          </p>
          {p.indicators.length > 0 ? (
            <div className="table-scroll" tabIndex={0}>
              <table className="strategy-table">
                <caption>{t('plan.indicators')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plan.indicatorName')}</th>
                    <th scope="col">{t('plan.baseline')}</th>
                    <th scope="col">{t('plan.target')}</th>
                    <th scope="col">{t('plan.actual')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.indicators.map((ind, k) => {
                    const num = (v: number | null) => (v === null ? '–' : `${formatNumber(v, lang)}${ind.unit ? ` ${ind.unit}` : ''}`);
                    return (
                      <tr key={k}>
                        <th scope="row">{ind.name}</th>
                        <td>{num(ind.baseline)}</td>
                        <td>{num(ind.target)}</td>
                        <td>{num(ind.actual)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
          {p.activities.length > 0 ? (
            <div className="table-scroll" tabIndex={0}>
              <table className="strategy-table">
                <caption>{t('plan.activities')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plan.activityTitle')}</th>
                    <th scope="col">{t('plan.activityStatus')}</th>
                    <th scope="col">{t('followup.effect')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.activities.map((a) => {
                    const e = a.measure?.effect ?? null;
                    const r = e
                      ? rateRatioEffect({ areaBefore: e.area.before, areaAfter: e.area.after, comparisonBefore: e.comparison.before, comparisonAfter: e.comparison.after })
                      : null;
                    return (
                      <tr key={a.id}>
                        <th scope="row">
                          {a.title}
                          {a.note ? <span className="hint"> – {a.note}</span> : null}
                          {a.measure ? (
                            <span className="strategy-activity-measure">
                              {t('followup.measure', {
                                title: a.measure.title,
                                status: t(`measures.statuses.${a.measure.status}`),
                              })}
                              {a.measure.done_date ? `, ${formatDate(a.measure.done_date, lang)}` : ''}
                            </span>
                          ) : null}
                        </th>
                        <td>{t(`plan.statuses.${a.status}`)}</td>
                        <td>
                          {r
                            ? `${t(`effect.verdicts.${r.verdict}`)}${r.verdict !== 'too_few' ? ` (${t('followup.rr')} ${formatNumber(Math.round(r.rateRatio * 100) / 100, lang)})` : ''}`
                            : '–'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('plan.noActivities')}</p>
          )}
          {p.risk ? <FollowupRiskPart risk={p.risk} year={year} testId={`plan-risk-${p.challenge}`} heading="h5" /> : null}
        </section>
      ))}
    </section>
  );
}
