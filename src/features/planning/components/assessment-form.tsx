import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { developmentAssessments, saveAssessment, type DevelopmentAssessment, type DevelopmentEvidence } from '../../../api';
import type { Backend } from '../../../backend';
import {
  ASSESSMENT_FACTORS,
  ASSESSMENT_NOTE_MAX,
  factorText,
  RATING_MAX,
  RATING_MIN,
  type AssessmentFactor,
} from '../../../domain/assessment-factors';
import { Button, ErrorMessage, formatDateTime, toLang } from '../../../ui';
import { invalidateAfterWrite, queryName } from '../../../hooks';

type Draft = Record<AssessmentFactor, { rating: number | null; note: string; reportIds: string[] }>;

function draftFrom(latest: DevelopmentAssessment | undefined): Draft {
  const draft = {} as Draft;
  for (const f of ASSESSMENT_FACTORS) {
    const saved = latest?.factors.find((x) => x.factor === f);
    draft[f] = { rating: saved?.rating ?? null, note: saved?.note ?? '', reportIds: saved?.report_ids ?? [] };
  }
  return draft;
}

/** The safety checklist: one fieldset per factor (rating 1–5 or not rated, note, supporting reports). */
export function AssessmentForm({
  backend,
  developmentId,
  latest,
  reports,
  categoryName,
}: {
  backend: Backend;
  developmentId: string;
  latest: DevelopmentAssessment | undefined;
  reports: DevelopmentEvidence['reports'];
  categoryName(code: string): string;
}) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  const id = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(latest));
  const set = (f: AssessmentFactor, patch: Partial<Draft[AssessmentFactor]>) => setDraft((d) => ({ ...d, [f]: { ...d[f], ...patch } }));
  // The reports that can support a rating: those inside first, nearest first (as the API orders them).
  const choices = reports.slice(0, 200);

  const save = useMutation({
    mutationFn: () =>
      saveAssessment.call(backend, {
        developmentId,
        factors: ASSESSMENT_FACTORS.map((f) => ({
          factor: f,
          rating: draft[f].rating,
          note: draft[f].note.trim() || null,
          report_ids: draft[f].reportIds,
        })),
      }),
    onSuccess: async () => {
      // The new version first, then the rest unawaited: the embedded engine answers one query at a time, and
      // waiting for every refetch (the evidence above all) kept the planner behind a grey button for seconds.
      await queryClient.invalidateQueries({ queryKey: queryName('reports', developmentAssessments.name) });
      void invalidateAfterWrite(queryClient, { except: (key) => key[1] === developmentAssessments.name });
    },
  });

  return (
    <form
      className="plan-assessment"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 id={`${id}-title`}>{t('assessment.title')}</h3>
      <p className="hint">{t('assessment.intro')}</p>
      {ASSESSMENT_FACTORS.map((f) => {
        const text = factorText(f, lang);
        const value = draft[f];
        return (
          <fieldset key={f} className="plan-factor" data-factor={f}>
            <legend>{text.label}</legend>
            <p className="hint">{text.question}</p>
            <div className="plan-rating" role="radiogroup" aria-label={t('assessment.ratingOf', { factor: text.label })}>
              <label className="check">
                <input
                  type="radio"
                  name={`${id}-${f}`}
                  checked={value.rating === null}
                  onChange={() => set(f, { rating: null })}
                />
                {t('assessment.notRated')}
              </label>
              {Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, k) => RATING_MIN + k).map((r) => (
                <label key={r} className="check">
                  <input type="radio" name={`${id}-${f}`} checked={value.rating === r} onChange={() => set(f, { rating: r })} />
                  {t('assessment.rating', { n: r })}
                </label>
              ))}
            </div>
            <label className="field">
              <span>{t('assessment.note')}</span>
              <textarea
                rows={2}
                maxLength={ASSESSMENT_NOTE_MAX}
                value={value.note}
                onChange={(e) => set(f, { note: e.target.value })}
              />
            </label>
            {choices.length > 0 ? (
              <details>
                <summary>{t('assessment.supporting', { count: value.reportIds.length })}</summary>
                <ul className="plan-support-list">
                  {choices.map((r) => (
                    <li key={r.id}>
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={value.reportIds.includes(r.id)}
                          onChange={(e) =>
                            set(f, {
                              reportIds: e.target.checked
                                ? [...value.reportIds, r.id]
                                : value.reportIds.filter((x) => x !== r.id),
                            })
                          }
                        />
                        {categoryName(r.category)} · {formatDateTime(r.observed_at, lang)} ·{' '}
                        {r.inside ? t('evidence.insideShort') : t('evidence.distance', { m: Math.round(r.distance_m) })}
                      </label>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </fieldset>
        );
      })}
      {save.isError ? <ErrorMessage error={save.error} /> : null}
      {save.isSuccess ? (
        <p role="status" className="note">
          {t('assessment.saved', { version: save.data.version })}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={save.isPending} disabled={save.isPending}>
        {t('assessment.save')}
      </Button>
    </form>
  );
}

export function AssessmentHistory({ items }: { items: DevelopmentAssessment[] }) {
  const { t, i18n } = useTranslation('planning');
  const lang = toLang(i18n.language);
  if (items.length === 0) return <p className="hint">{t('assessment.none')}</p>;
  return (
    <table className="plan-table" data-testid="plan-assessment-history">
      <caption>{t('assessment.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('assessment.version')}</th>
          <th scope="col">{t('assessment.date')}</th>
          <th scope="col">{t('assessment.author')}</th>
          <th scope="col">{t('assessment.rated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.version}>
            <th scope="row">{a.version}</th>
            <td>{formatDateTime(a.created_at, lang)}</td>
            <td>
              {t(`role.${a.author_label}`, { defaultValue: a.author_label })}
              {a.is_mine ? ` (${t('assessment.you')})` : ''}
            </td>
            <td>{t('assessment.ratedCount', { count: a.factors.filter((f) => f.rating !== null).length, total: a.factors.length })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
