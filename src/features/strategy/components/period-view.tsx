import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteStrategyPeriod, getStrategyPeriod, type ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import { apiKey } from '../../../hooks';
import { Button, ErrorMessage, formatDate, nameOf, toLang } from '../../../ui';
import { ConfirmDelete } from './confirm-delete';
import { ChallengeMap } from './challenge-map';
import { PeriodEditor } from './period-editor';
import { useInvalidateAll, usePeriod } from './use-periods';

/** One strategy period: its challenge map (printable), the editor while it is a draft, and its action plans. */
export function PeriodView({
  backend,
  reference,
  ready,
  id,
  canEdit,
  onNavigate,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  id: string;
  canEdit: boolean;
  onNavigate(sub: string): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const hid = useId();
  const query = usePeriod(backend, ready, id);
  const client = useQueryClient();
  const invalidateAll = useInvalidateAll();
  const d = query.data;
  const year = new Date().getFullYear();
  const editing = d?.period.status === 'draft' && canEdit;
  return (
    <section className="strategy-period strategy-printable" aria-labelledby={`${hid}-h`}>
      <p className="strategy-no-print">
        <a
          href="#/strategy/periods"
          onClick={(e) => {
            e.preventDefault();
            onNavigate('periods');
          }}
        >
          {t('period.back')}
        </a>
      </p>
      <h3 id={`${hid}-h`} tabIndex={-1}>
        {d ? d.period.name : t('periods.title')}
      </h3>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : query.isPending ? <p role="status">{t('loading')}</p> : null}
      {d ? (
        <>
          <p data-testid="period-status">
            {t(`periods.statuses.${d.period.status}`)}
            {d.period.in_force ? `, ${t('periods.inForce')}` : ''}
            {d.period.starts_on ? ` · ${t('periods.from')} ${formatDate(d.period.starts_on, lang)}` : ''}
            {d.period.ends_on ? ` · ${t('periods.to')} ${formatDate(d.period.ends_on, lang)}` : ''}
          </p>
          <div className="strategy-actions strategy-no-print">
            <Button onClick={() => window.print()}>{t('period.print')}</Button>
          </div>
          {editing ? (
            <DeleteDraft
              backend={backend}
              id={d.period.id}
              name={d.period.name}
              onDeleted={() => {
                invalidateAll();
                onNavigate('periods');
              }}
            />
          ) : canEdit && d.period.status === 'published' ? (
            <p className="hint strategy-no-print">{t('period.publishedKept')}</p>
          ) : null}
          {editing ? (
            <PeriodEditor
              key={d.period.id}
              backend={backend}
              reference={reference}
              detail={d}
              onSaved={(saved) => client.setQueryData(apiKey(getStrategyPeriod, { id }), saved)}
              onPublished={() => {
                invalidateAll();
                onNavigate(`periods/${id}`);
              }}
            />
          ) : null}
          {/* The map as it stands: on screen when it cannot be edited, on paper always. */}
          <div className={editing ? 'strategy-print-only' : undefined}>
            <ChallengeMap detail={d} reference={reference} />
          </div>
          {d.period.status === 'published' ? (
            <section aria-labelledby={`${hid}-plans`} className="strategy-plans">
              <h4 id={`${hid}-plans`}>{t('plan.listTitle')}</h4>
              <ul>
                {[...d.challenges]
                  .filter((c) => c.prioritised)
                  .sort((a, b) => a.sort - b.sort)
                  .map((c) => {
                    const plans = d.action_plans.filter((p) => p.challenge === c.code).sort((a, b) => b.year - a.year);
                    const years = [...new Set([year, ...plans.map((p) => p.year)])].sort((a, b) => b - a);
                    return (
                      <li key={c.code}>
                        <strong>{nameOf(c, lang, c.code)}</strong>:{' '}
                        {years.map((y, k) => {
                          const plan = plans.find((p) => p.year === y);
                          const label = plan
                            ? t('plan.linkExisting', { year: y, department: plan.department })
                            : t('plan.linkNew', { year: y });
                          return (
                            <span key={y}>
                              {k > 0 ? ', ' : ''}
                              {canEdit || plan ? (
                                <a
                                  href={`#/strategy/periods/${id}/plan/${c.code}/${y}`}
                                  aria-label={`${label} – ${nameOf(c, lang, c.code)}`}
                                  onClick={(e) => {
                                    e.preventDefault();
                                    onNavigate(`periods/${id}/plan/${c.code}/${y}`);
                                  }}
                                >
                                  {label}
                                </a>
                              ) : (
                                t('plan.none', { year: y })
                              )}
                            </span>
                          );
                        })}
                      </li>
                    );
                  })}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/**
 * Deleting a draft, after a confirmation step (a published period is history and is never deleted: the server says
 * so with published_period_not_deletable if it was published meanwhile).
 */
export function DeleteDraft({ backend, id, name, onDeleted }: { backend: Backend; id: string; name: string; onDeleted(): void }) {
  return (
    <ConfirmDelete
      texts="period"
      values={{ name }}
      testId="period-delete"
      remove={() => deleteStrategyPeriod.call(backend, { id })}
      onDeleted={onDeleted}
      className="strategy-no-print"
    />
  );
}
