import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_PLAN_MAX_ACTIVITIES,
  ACTION_PLAN_MAX_INDICATORS,
  ACTIVITY_STATUSES,
  actionPlanInputSchema,
  deleteActionPlan,
  getStrategyPeriod,
  saveActionPlan,
  type ActionPlan,
  type Measure,
  type ReferenceData,
  type StrategyPeriodDetail,
} from '../../../api';
import type { Backend } from '../../../backend';
import { apiKey } from '../../../hooks';
import { Button, ErrorMessage, nameOf, toLang } from '../../../ui';
import { ConfirmDelete } from './confirm-delete';
import { useMeasures } from './use-measures';
import { usePeriod } from './use-periods';

interface IndicatorRow {
  name: string;
  unit: string;
  baseline: string;
  target: string;
  actual: string;
}
interface ActivityRow {
  id?: string;
  title: string;
  measure_id: string;
  status: (typeof ACTIVITY_STATUSES)[number];
  note: string;
}
const NUMBER_FIELDS = ['baseline', 'target', 'actual'] as const;

/** '' → null (not known yet); "12,5" or "12.5" → 12.5; anything else NaN, which the schema refuses. */
function numberOrNull(s: string): number | null {
  const v = s.trim().replace(',', '.');
  return v === '' ? null : Number(v);
}
const text = (n: number | null) => (n === null ? '' : String(n));

/** The action plan of one prioritised challenge and year, as loaded from its period (or the route). */
export function ActionPlanView({
  backend,
  reference,
  ready,
  periodId,
  challenge,
  year,
  canEdit,
  onNavigate,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  periodId: string;
  challenge: string;
  year: number;
  canEdit: boolean;
  onNavigate(sub: string): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const query = usePeriod(backend, ready, periodId);
  const measures = useMeasures(backend, ready, null, null);
  const d = query.data;
  const c = d?.challenges.find((x) => x.code === challenge);
  const plan = d?.action_plans.find((p) => p.challenge === challenge && p.year === year) ?? null;
  return (
    <section className="strategy-plan strategy-printable">
      <p className="strategy-no-print">
        <a
          href={`#/strategy/periods/${periodId}`}
          onClick={(e) => {
            e.preventDefault();
            onNavigate(`periods/${periodId}`);
          }}
        >
          {t('plan.back', { name: d?.period.name ?? '' })}
        </a>
      </p>
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : query.isPending ? <p role="status">{t('loading')}</p> : null}
      {d && !c?.prioritised ? <ErrorMessage error={{ message: 'challenge_not_prioritised' }} /> : null}
      {d && c?.prioritised ? (
        <ActionPlanForm
          // Not keyed by the plan's id: a new plan's first save would then remount the form when the period
          // refetches with it, and the "saved" confirmation (and the focus) would vanish at once.
          key={`${periodId}:${challenge}:${year}`}
          backend={backend}
          detail={d}
          challenge={challenge}
          challengeName={nameOf(c, lang, c.code)}
          year={year}
          plan={plan}
          measures={measures.data?.items ?? []}
          readOnly={!canEdit}
          reference={reference}
          onDeleted={() => onNavigate(`periods/${periodId}`)}
        />
      ) : null}
    </section>
  );
}

export function ActionPlanForm({
  backend,
  detail,
  challenge,
  challengeName,
  year,
  plan,
  measures,
  readOnly,
  onDeleted,
}: {
  backend: Backend;
  detail: StrategyPeriodDetail;
  challenge: string;
  challengeName: string;
  year: number;
  plan: ActionPlan | null;
  /** The measures register: an activity may be linked to one. */
  measures: readonly Measure[];
  readOnly: boolean;
  reference: ReferenceData | undefined;
  /** After the plan was deleted (its period's list is where the strategist goes next). */
  onDeleted?(): void;
}) {
  const { t } = useTranslation('strategy');
  const formId = useId();
  const client = useQueryClient();
  const [planId] = useState(() => plan?.id ?? crypto.randomUUID());
  const [department, setDepartment] = useState(plan?.department ?? '');
  const [target, setTarget] = useState(plan?.target ?? '');
  const [indicators, setIndicators] = useState<IndicatorRow[]>(
    () => plan?.indicators.map((i) => ({ name: i.name, unit: i.unit, baseline: text(i.baseline), target: text(i.target), actual: text(i.actual) })) ?? [],
  );
  const [activities, setActivities] = useState<ActivityRow[]>(
    () => plan?.activities.map((a) => ({ id: a.id, title: a.title, measure_id: a.measure_id ?? '', status: a.status, note: a.note })) ?? [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const errorSummary = useRef<HTMLDivElement>(null);

  const save = useMutation({
    mutationFn: (input: Parameters<typeof saveActionPlan.call>[1]['plan']) => saveActionPlan.call(backend, { plan: input }),
    onSuccess: () => {
      setSaved(true);
      void client.invalidateQueries({ queryKey: apiKey(getStrategyPeriod, { id: detail.period.id }) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = {
      id: planId,
      period_id: detail.period.id,
      challenge,
      year,
      department,
      target,
      indicators: indicators.map((i) => ({
        name: i.name,
        unit: i.unit,
        baseline: numberOrNull(i.baseline),
        target: numberOrNull(i.target),
        actual: numberOrNull(i.actual),
      })),
      activities: activities.map((a) => ({ ...(a.id ? { id: a.id } : {}), title: a.title, measure_id: a.measure_id || null, status: a.status, note: a.note })),
    };
    const parsed = actionPlanInputSchema.safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const [head, index, field] = issue.path;
        const key = typeof index === 'number' ? `${String(head)}.${index}${head === 'activities' ? `.${String(field)}` : ''}` : String(head);
        next[key] ??= issue.message;
      }
      setErrors(next);
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  const errorId = (key: string) => `${formId}-${key.replace(/\./g, '-')}-error`;
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={errorId(key)}>
        {t(`errors:${errors[key]}`, { defaultValue: t('errors:unexpected') })}
      </p>
    ) : null;
  const invalidProps = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(key) } : {});
  const setIndicator = (i: number, patch: Partial<IndicatorRow>) => setIndicators((rows) => rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const setActivity = (i: number, patch: Partial<ActivityRow>) => setActivities((rows) => rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const errorList = [...new Set(Object.values(errors))];

  return (
    <form className="strategy-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-h`}>
      <h3 id={`${formId}-h`} tabIndex={-1}>
        {t('plan.title', { year, challenge: challengeName })}
      </h3>
      <p className="hint">{detail.period.name}</p>
      {errorList.length > 0 ? (
        <div ref={errorSummary} tabIndex={-1} role="alert" className="error-message" data-testid="plan-errors">
          <p>{t('editor.invalid')}</p>
          <ul>
            {errorList.map((code) => (
              <li key={code}>{t(`errors:${code}`, { defaultValue: t('errors:unexpected') })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset disabled={readOnly} className="strategy-plan-fields">
        <legend className="visually-hidden">{t('plan.title', { year, challenge: challengeName })}</legend>
        <label htmlFor={`${formId}-dep`}>{t('plan.department')}</label>
        <input id={`${formId}-dep`} value={department} maxLength={200} onChange={(e) => setDepartment(e.target.value)} {...invalidProps('department')} />
        {fieldError('department')}
        <label htmlFor={`${formId}-target`}>{t('plan.target')}</label>
        <textarea id={`${formId}-target`} rows={3} value={target} onChange={(e) => setTarget(e.target.value)} {...invalidProps('target')} />
        {fieldError('target')}

        <h4>{t('plan.indicators')}</h4>
        {indicators.length === 0 ? <p>{t('plan.noIndicators')}</p> : null}
        <ol className="strategy-rows">
          {indicators.map((row, i) => (
            <li key={i}>
              <fieldset {...invalidProps(`indicators.${i}`)}>
                <legend>{t('plan.indicatorN', { n: i + 1, name: row.name })}</legend>
                <div className="strategy-row-fields">
                  <Field id={`${formId}-i${i}-name`} label={t('plan.indicatorName')}>
                    <input id={`${formId}-i${i}-name`} value={row.name} maxLength={200} onChange={(e) => setIndicator(i, { name: e.target.value })} />
                  </Field>
                  <Field id={`${formId}-i${i}-unit`} label={t('plan.unit')}>
                    <input id={`${formId}-i${i}-unit`} value={row.unit} maxLength={50} onChange={(e) => setIndicator(i, { unit: e.target.value })} />
                  </Field>
                  {NUMBER_FIELDS.map((f) => (
                    <Field key={f} id={`${formId}-i${i}-${f}`} label={t(`plan.${f}`)}>
                      <input id={`${formId}-i${i}-${f}`} inputMode="decimal" value={row[f]} onChange={(e) => setIndicator(i, { [f]: e.target.value })} />
                    </Field>
                  ))}
                </div>
                {fieldError(`indicators.${i}`)}
                <Button variant="link" onClick={() => setIndicators((rows) => rows.filter((_, k) => k !== i))}>
                  {t('plan.removeIndicator', { n: i + 1 })}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        {indicators.length < ACTION_PLAN_MAX_INDICATORS ? (
          <Button onClick={() => setIndicators((rows) => [...rows, { name: '', unit: '', baseline: '', target: '', actual: '' }])}>
            {t('plan.addIndicator')}
          </Button>
        ) : null}

        <h4>{t('plan.activities')}</h4>
        {activities.length === 0 ? <p>{t('plan.noActivities')}</p> : null}
        <ol className="strategy-rows">
          {activities.map((row, i) => (
            <li key={row.id ?? `new-${i}`}>
              <fieldset>
                <legend>{t('plan.activityN', { n: i + 1, title: row.title })}</legend>
                <div className="strategy-row-fields">
                  <Field id={`${formId}-a${i}-title`} label={t('plan.activityTitle')}>
                    <input id={`${formId}-a${i}-title`} value={row.title} maxLength={300} onChange={(e) => setActivity(i, { title: e.target.value })} {...invalidProps(`activities.${i}.title`)} />
                  </Field>
                  <Field id={`${formId}-a${i}-measure`} label={t('plan.measure')}>
                    <select id={`${formId}-a${i}-measure`} value={row.measure_id} onChange={(e) => setActivity(i, { measure_id: e.target.value })} {...invalidProps(`activities.${i}.measure_id`)}>
                      <option value="">{t('plan.noMeasure')}</option>
                      {measures.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.title}
                        </option>
                      ))}
                      {row.measure_id && !measures.some((m) => m.id === row.measure_id) ? <option value={row.measure_id}>{row.measure_id}</option> : null}
                    </select>
                  </Field>
                  <Field id={`${formId}-a${i}-status`} label={t('plan.activityStatus')}>
                    <select id={`${formId}-a${i}-status`} value={row.status} onChange={(e) => setActivity(i, { status: e.target.value as ActivityRow['status'] })}>
                      {ACTIVITY_STATUSES.map((st) => (
                        <option key={st} value={st}>
                          {t(`plan.statuses.${st}`)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field id={`${formId}-a${i}-note`} label={t('plan.note')}>
                    <input id={`${formId}-a${i}-note`} value={row.note} maxLength={2000} onChange={(e) => setActivity(i, { note: e.target.value })} {...invalidProps(`activities.${i}.note`)} />
                  </Field>
                </div>
                {fieldError(`activities.${i}.title`)}
                {fieldError(`activities.${i}.measure_id`)}
                {fieldError(`activities.${i}.note`)}
                <Button variant="link" onClick={() => setActivities((rows) => rows.filter((_, k) => k !== i))}>
                  {t('plan.removeActivity', { n: i + 1 })}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        {activities.length < ACTION_PLAN_MAX_ACTIVITIES ? (
          <Button onClick={() => setActivities((rows) => [...rows, { title: '', measure_id: '', status: 'planned', note: '' }])}>
            {t('plan.addActivity')}
          </Button>
        ) : null}
      </fieldset>
      {save.isError ? <ErrorMessage error={save.error} /> : null}
      {saved ? (
        <p role="status" className="strategy-saved">
          {t('plan.saved')}
        </p>
      ) : null}
      {readOnly ? null : (
        <div className="strategy-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            {t('plan.save')}
          </Button>
        </div>
      )}
      {readOnly || !plan ? null : (
        <DeletePlan
          backend={backend}
          planId={plan.id}
          title={t('plan.title', { year, challenge: challengeName })}
          onDeleted={() => {
            void client.invalidateQueries({ queryKey: apiKey(getStrategyPeriod, { id: detail.period.id }) });
            onDeleted?.();
          }}
        />
      )}
    </form>
  );
}

/** Deleting a saved plan with its activities, after a confirmation step; the measures they link stay. */
function DeletePlan({ backend, planId, title, onDeleted }: { backend: Backend; planId: string; title: string; onDeleted(): void }) {
  return (
    <ConfirmDelete
      texts="plan"
      values={{ title }}
      testId="plan-delete"
      remove={() => deleteActionPlan.call(backend, { id: planId })}
      onDeleted={onDeleted}
    />
  );
}

/** A label above its field, joined by id (a select inside its label would take its chosen option into its name). */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="strategy-field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
