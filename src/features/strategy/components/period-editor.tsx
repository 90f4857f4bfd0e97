import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  publishStrategyPeriod,
  saveStrategyPeriod,
  STRATEGY_MAX_AREAS,
  STRATEGY_MAX_CHALLENGES,
  type ReferenceData,
  type StrategyPeriodDetail,
} from '../../../api';
import type { Backend } from '../../../backend';
import { Button, ErrorMessage, formatDate, nameOf, toLang } from '../../../ui';
import {
  CRITERIA_KEYS,
  codeFromName,
  criteriaSum,
  draftValuesOf,
  validateDraft,
  type DraftChallenge,
  type DraftErrors,
  type DraftValues,
} from '../lib/period-draft';
import { RiskTypesField } from './risk-types-field';

const SCORES = [0, 1, 2, 3] as const;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The draft of a strategy period: its name, its challenges (rename, add, prioritise or not, the four criteria's
 * scores and the reasoning, the crew's focus), which prioritised challenge each category belongs to; saved whole,
 * and published from a date after a confirmation. The rules are checked here first (the contract's schema and the
 * whole-period rules, lib/period-draft.ts) and shown at their fields; nothing is sent while any is broken. The
 * database checks them again.
 */
export function PeriodEditor({
  backend,
  reference,
  detail,
  onSaved,
  onPublished,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  detail: StrategyPeriodDetail;
  onSaved(detail: StrategyPeriodDetail): void;
  onPublished(id: string): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const formId = useId();
  const [values, setValues] = useState<DraftValues>(() => draftValuesOf(detail));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [newName, setNewName] = useState('');
  const [newArea, setNewArea] = useState('');
  const [startsOn, setStartsOn] = useState(today);
  const [confirming, setConfirming] = useState(false);
  const [savedNote, setSavedNote] = useState(false);
  const errorSummary = useRef<HTMLDivElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  // Every category the period knows (the draft's rows and the reference data's active ones) needs a challenge.
  const categoryCodes = [...new Set([...detail.categories.map((c) => c.category), ...(reference?.categories ?? []).map((c) => c.code)])];
  const activeCategories = categoryCodes;
  const categoryName = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  const prioritised = values.challenges.filter((c) => c.prioritised);
  const challengeName = (c: Pick<DraftChallenge, 'code' | 'name_sv' | 'name_en'>) => nameOf(c, lang, c.code) || c.code;

  const save = useMutation({
    mutationFn: (period: Parameters<typeof saveStrategyPeriod.call>[1]['period']) =>
      saveStrategyPeriod.call(backend, { id: detail.period.id, period }),
  });
  const publish = useMutation({
    mutationFn: async (period: Parameters<typeof saveStrategyPeriod.call>[1]['period']) => {
      await saveStrategyPeriod.call(backend, { id: detail.period.id, period });
      return publishStrategyPeriod.call(backend, { id: detail.period.id, startsOn });
    },
    onSuccess: (p) => onPublished(p.id),
  });

  /** Checks the draft; shows the errors and moves focus to their summary when there are any. */
  const checked = () => {
    const result = validateDraft(values, activeCategories);
    const next = { ...(result.ok ? {} : result.errors) };
    if (confirming && !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) next.starts_on = 'invalid_date';
    setErrors(next);
    if (!result.ok || Object.keys(next).length > 0) {
      setConfirming(false);
      requestAnimationFrame(() => errorSummary.current?.focus());
      return null;
    }
    return result.value;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSavedNote(false);
    publish.reset();
    const value = checked();
    if (value)
      save.mutate(value, {
        onSuccess: (d) => {
          setSavedNote(true);
          onSaved(d);
        },
      });
  };
  const askPublish = () => {
    setSavedNote(false);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) {
      setErrors({ starts_on: 'invalid_date' });
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    if (!checked()) return;
    setConfirming(true);
    requestAnimationFrame(() => confirmButton.current?.focus());
  };
  const doPublish = () => {
    const value = checked();
    if (value) publish.mutate(value);
  };

  const setChallenge = (i: number, patch: Partial<DraftChallenge>) =>
    setValues((v) => ({ ...v, challenges: v.challenges.map((c, k) => (k === i ? { ...c, ...patch } : c)) }));
  const setCrewFocus = (code: string) =>
    setValues((v) => ({ ...v, challenges: v.challenges.map((c) => ({ ...c, crew_focus: c.code === code })) }));
  const addChallenge = () => {
    const name = newName.trim();
    if (!name) {
      setErrors((e) => ({ ...e, new_challenge: 'name_required' }));
      return;
    }
    setValues((v) => ({
      ...v,
      challenges: [
        ...v.challenges,
        {
          code: codeFromName(name),
          name_sv: name,
          name_en: name,
          description_sv: '',
          description_en: '',
          area: null,
          prioritised: false,
          crit_preventive: null,
          crit_research: null,
          crit_vulnerable: null,
          crit_quick: null,
          reasoning: '',
          crew_focus: false,
          counts_development_links: false,
          risk_types: [],
          isNew: true,
        },
      ],
    }));
    setErrors(({ new_challenge: _gone, ...rest }) => rest);
    setNewName('');
  };
  const addArea = () => {
    const name = newArea.trim();
    if (!name) {
      setErrors((e) => ({ ...e, new_area: 'name_required' }));
      return;
    }
    setValues((v) => ({ ...v, areas: [...v.areas, { code: codeFromName(name), name_sv: name, name_en: name, isNew: true }] }));
    setErrors(({ new_area: _gone, ...rest }) => rest);
    setNewArea('');
  };
  const setArea = (i: number, patch: Partial<DraftValues['areas'][number]>) =>
    setValues((v) => {
      const before = v.areas[i]!.code;
      const areas = v.areas.map((a, k) => (k === i ? { ...a, ...patch } : a));
      const after = areas[i]!.code;
      // A new area's code may still change: its challenges follow it.
      const challenges = before === after ? v.challenges : v.challenges.map((c) => (c.area === before ? { ...c, area: after } : c));
      return { ...v, areas, challenges };
    });
  const removeArea = (i: number) =>
    setValues((v) => {
      const gone = v.areas[i]!.code;
      return {
        ...v,
        areas: v.areas.filter((_, k) => k !== i),
        challenges: v.challenges.map((c) => (c.area === gone ? { ...c, area: null } : c)),
      };
    });
  const removeChallenge = (i: number) =>
    setValues((v) => {
      const gone = v.challenges[i]!.code;
      return {
        ...v,
        challenges: v.challenges.filter((_, k) => k !== i),
        categories: Object.fromEntries(Object.entries(v.categories).map(([cat, ch]) => [cat, ch === gone ? '' : ch])),
      };
    });

  const errorId = (key: string) => `${formId}-${key.replace(/\./g, '-')}-error`;
  /** The error's text: the shared `errors:<code>`, except a missing name, which says whose name is missing. */
  const message = (key: string, code: string) => {
    if (code === 'name_required') {
      if (key === 'name') return t('editor.periodNameRequired');
      return t(key === 'new_area' || key.startsWith('area.') ? 'editor.areaNameRequired' : 'editor.challengeNameRequired');
    }
    return t(`errors:${code}`, { defaultValue: t('errors:unexpected') });
  };
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={errorId(key)}>
        {message(key, errors[key])}
      </p>
    ) : null;
  const invalidProps = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': errorId(key) } : {});
  const busy = save.isPending || publish.isPending;
  const crewFocus = values.challenges.find((c) => c.crew_focus)?.code ?? '';
  const errorList = Object.entries(errors);

  return (
    <form className="strategy-form strategy-period-editor" onSubmit={submit} noValidate aria-labelledby={`${formId}-h`}>
      <h4 id={`${formId}-h`}>{t('editor.title')}</h4>
      <p className="hint">{t('editor.help')}</p>
      {errorList.length > 0 ? (
        <div ref={errorSummary} tabIndex={-1} role="alert" className="error-message" data-testid="editor-errors">
          <p>{t('editor.invalid')}</p>
          <ul>
            {[...new Set(errorList.map(([key, code]) => message(key, code)))].map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <label htmlFor={`${formId}-name`}>{t('editor.name')}</label>
      <input id={`${formId}-name`} value={values.name} maxLength={200} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} {...invalidProps('name')} />
      {fieldError('name')}

      <h5>{t('editor.areas')}</h5>
      <p className="hint">{t('editor.areasHelp')}</p>
      <ol className="strategy-editor-challenges">
        {values.areas.map((a, i) => {
          const key = (f: string) => `area.${i}.${f}`;
          return (
            <li key={i} data-area={a.code}>
              <fieldset>
                <legend>{nameOf(a, lang, a.code) || a.code}</legend>
                <label htmlFor={`${formId}-area${i}-sv`}>{t('editor.nameSv')}</label>
                <input id={`${formId}-area${i}-sv`} value={a.name_sv} maxLength={200} onChange={(e) => setArea(i, { name_sv: e.target.value })} {...invalidProps(key('name_sv'))} />
                {fieldError(key('name_sv'))}
                <label htmlFor={`${formId}-area${i}-en`}>{t('editor.nameEn')}</label>
                <input id={`${formId}-area${i}-en`} value={a.name_en} maxLength={200} onChange={(e) => setArea(i, { name_en: e.target.value })} {...invalidProps(key('name_en'))} />
                {fieldError(key('name_en'))}
                <label htmlFor={`${formId}-area${i}-ar`}>{t('editor.nameAr')}</label>
                <input id={`${formId}-area${i}-ar`} lang="ar" dir="rtl" value={a.name_ar ?? ''} maxLength={200} onChange={(e) => setArea(i, { name_ar: e.target.value })} {...invalidProps(key('name_ar'))} />
                {fieldError(key('name_ar'))}
                {a.isNew ? (
                  <>
                    <label htmlFor={`${formId}-area${i}-code`}>{t('editor.code')}</label>
                    <input id={`${formId}-area${i}-code`} value={a.code} maxLength={40} onChange={(e) => setArea(i, { code: e.target.value })} {...invalidProps(key('code'))} />
                  </>
                ) : (
                  <p className="hint">
                    {t('editor.code')}: <code>{a.code}</code>
                  </p>
                )}
                {fieldError(key('code'))}
                {a.isNew ? (
                  <Button variant="link" onClick={() => removeArea(i)}>
                    {t('editor.remove', { name: nameOf(a, lang, a.code) || a.code })}
                  </Button>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {values.areas.length < STRATEGY_MAX_AREAS ? (
        <div className="strategy-add-challenge">
          <label htmlFor={`${formId}-new-area`}>{t('editor.newArea')}</label>
          <input
            id={`${formId}-new-area`}
            value={newArea}
            maxLength={200}
            onChange={(e) => setNewArea(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addArea();
              }
            }}
            {...invalidProps('new_area')}
          />
          {fieldError('new_area')}
          <Button onClick={addArea}>{t('editor.addArea')}</Button>
        </div>
      ) : null}

      <h5>{t('editor.challenges')}</h5>
      {fieldError('challenges')}
      <ol className="strategy-editor-challenges">
        {values.challenges.map((c, i) => {
          const key = (f: string) => `challenge.${i}.${f}`;
          const { sum, scored } = criteriaSum(c);
          return (
            <li key={i} data-challenge={c.code}>
              <fieldset>
                <legend>{challengeName(c)}</legend>
                <label htmlFor={`${formId}-${i}-sv`}>{t('editor.nameSv')}</label>
                <input id={`${formId}-${i}-sv`} value={c.name_sv} maxLength={200} onChange={(e) => setChallenge(i, { name_sv: e.target.value })} {...invalidProps(key('name_sv'))} />
                {fieldError(key('name_sv'))}
                <label htmlFor={`${formId}-${i}-en`}>{t('editor.nameEn')}</label>
                <input id={`${formId}-${i}-en`} value={c.name_en} maxLength={200} onChange={(e) => setChallenge(i, { name_en: e.target.value })} {...invalidProps(key('name_en'))} />
                {fieldError(key('name_en'))}
                {/* Residents read the challenge's name in the Arabic interface; without one they read the Swedish. */}
                <label htmlFor={`${formId}-${i}-ar`}>{t('editor.nameAr')}</label>
                <input id={`${formId}-${i}-ar`} lang="ar" dir="rtl" value={c.name_ar ?? ''} maxLength={200} onChange={(e) => setChallenge(i, { name_ar: e.target.value })} {...invalidProps(key('name_ar'))} />
                {fieldError(key('name_ar'))}
                {c.isNew ? (
                  <>
                    <label htmlFor={`${formId}-${i}-code`}>{t('editor.code')}</label>
                    <input id={`${formId}-${i}-code`} value={c.code} maxLength={40} onChange={(e) => setChallenge(i, { code: e.target.value })} {...invalidProps(key('code'))} />
                    <p className="hint">{t('editor.codeHelp')}</p>
                  </>
                ) : (
                  <p className="hint">
                    {t('editor.code')}: <code>{c.code}</code>
                  </p>
                )}
                {fieldError(key('code'))}
                <label htmlFor={`${formId}-${i}-area`}>{t('editor.area')}</label>
                <select id={`${formId}-${i}-area`} value={c.area ?? ''} onChange={(e) => setChallenge(i, { area: e.target.value || null })} {...invalidProps(key('area'))}>
                  <option value="">{t('period.unplaced')}</option>
                  {values.areas.map((a) => (
                    <option key={a.code} value={a.code}>
                      {nameOf(a, lang, a.code)}
                    </option>
                  ))}
                </select>
                {fieldError(key('area'))}
                <label className="strategy-check">
                  <input type="checkbox" checked={c.prioritised} onChange={(e) => setChallenge(i, { prioritised: e.target.checked })} />
                  {t('editor.prioritised')}
                </label>
                <fieldset className="strategy-criteria-form" {...invalidProps(key('criteria'))}>
                  <legend>{t('editor.criteria')}</legend>
                  {CRITERIA_KEYS.map((k) => (
                    <div key={k} className="strategy-field">
                      <label htmlFor={`${formId}-${i}-${k}`}>{t(`period.criteria.${k}`)}</label>
                      <select
                        id={`${formId}-${i}-${k}`}
                        value={c[k] === null ? '' : String(c[k])}
                        onChange={(e) => setChallenge(i, { [k]: e.target.value === '' ? null : Number(e.target.value) })}
                      >
                        <option value="">{t('period.notScored')}</option>
                        {SCORES.map((s) => (
                          <option key={s} value={s}>
                            {s}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                  <p className="hint">{scored === 0 ? t('period.notScored') : t('period.sumOf', { sum, scored, max: scored * 3 })}</p>
                </fieldset>
                {fieldError(key('criteria'))}
                <label htmlFor={`${formId}-${i}-reasoning`}>{t('period.reasoning')}</label>
                <textarea id={`${formId}-${i}-reasoning`} rows={2} value={c.reasoning} onChange={(e) => setChallenge(i, { reasoning: e.target.value })} {...invalidProps(key('reasoning'))} />
                {fieldError(key('reasoning'))}
                <RiskTypesField
                  value={c.risk_types}
                  onChange={(risk_types) => setChallenge(i, { risk_types })}
                  invalid={invalidProps(key('risk_types'))}
                  error={fieldError(key('risk_types'))}
                />
                {c.isNew ? (
                  <Button variant="link" onClick={() => removeChallenge(i)}>
                    {t('editor.remove', { name: challengeName(c) })}
                  </Button>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {values.challenges.length < STRATEGY_MAX_CHALLENGES ? (
        <div className="strategy-add-challenge">
          <label htmlFor={`${formId}-new`}>{t('editor.newChallenge')}</label>
          <input
            id={`${formId}-new`}
            value={newName}
            maxLength={200}
            onChange={(e) => setNewName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addChallenge();
              }
            }}
            {...invalidProps('new_challenge')}
          />
          {fieldError('new_challenge')}
          <Button onClick={addChallenge}>{t('editor.add')}</Button>
        </div>
      ) : null}

      <label htmlFor={`${formId}-focus`}>{t('editor.crewFocus')}</label>
      <select id={`${formId}-focus`} value={crewFocus} onChange={(e) => setCrewFocus(e.target.value)} {...invalidProps('crew_focus')}>
        <option value="">{t('editor.noCrewFocus')}</option>
        {values.challenges
          .filter((c) => c.prioritised || c.code === crewFocus)
          .map((c) => (
            <option key={c.code} value={c.code}>
              {challengeName(c)}
            </option>
          ))}
      </select>
      <p className="hint">{t('editor.crewFocusHelp')}</p>
      {fieldError('crew_focus')}

      <h5 id={`${formId}-cats`}>{t('editor.categories')}</h5>
      <p className="hint">{t('editor.categoriesHelp')}</p>
      <div className="table-scroll" tabIndex={0} role="group" aria-labelledby={`${formId}-cats`}>
        <table className="strategy-table" data-testid="editor-categories">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.category')}</th>
              <th scope="col">{t('challenge')}</th>
            </tr>
          </thead>
          <tbody>
            {categoryCodes.map((cat) => {
              const current = values.categories[cat] ?? '';
              const currentChallenge = values.challenges.find((c) => c.code === current);
              const selectId = `${formId}-cat-${cat}`;
              return (
                <tr key={cat} data-category={cat}>
                  <th scope="row">
                    <label htmlFor={selectId}>{categoryName(cat)}</label>
                  </th>
                  <td>
                    <select
                      id={selectId}
                      value={current}
                      onChange={(e) => setValues((v) => ({ ...v, categories: { ...v.categories, [cat]: e.target.value } }))}
                      {...invalidProps(`category.${cat}`)}
                    >
                      <option value="">–</option>
                      {prioritised.map((c) => (
                        <option key={c.code} value={c.code}>
                          {challengeName(c)}
                        </option>
                      ))}
                      {current && !currentChallenge?.prioritised ? (
                        <option value={current}>
                          {currentChallenge ? challengeName(currentChallenge) : current} ({t('period.notPrioritised')})
                        </option>
                      ) : null}
                    </select>
                    {fieldError(`category.${cat}`)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {save.isError ? <ErrorMessage error={save.error} /> : null}
      {savedNote ? (
        <p role="status" className="strategy-saved">
          {t('editor.saved')}
        </p>
      ) : null}
      <div className="strategy-actions">
        <Button type="submit" variant="primary" busy={save.isPending} disabled={busy}>
          {t('editor.save')}
        </Button>
      </div>

      <fieldset className="strategy-publish">
        <legend>{t('editor.publishTitle')}</legend>
        <p className="hint">{t('editor.publishHelp')}</p>
        <label htmlFor={`${formId}-starts`}>{t('editor.startsOn')}</label>
        <input
          id={`${formId}-starts`}
          type="date"
          value={startsOn}
          onChange={(e) => {
            setStartsOn(e.target.value);
            setConfirming(false);
          }}
          {...invalidProps('starts_on')}
        />
        {fieldError('starts_on')}
        {publish.isError ? <ErrorMessage error={publish.error} /> : null}
        {confirming ? (
          <div role="group" aria-labelledby={`${formId}-confirm`} className="strategy-confirm" data-testid="publish-confirm">
            <p id={`${formId}-confirm`}>
              {t('editor.confirm', { name: values.name, date: formatDate(startsOn, lang), prioritised: prioritised.length })}
            </p>
            <div className="strategy-actions">
              <button
                ref={confirmButton}
                type="button"
                className={`btn btn-primary${publish.isPending ? ' is-busy' : ''}`}
                aria-busy={publish.isPending || undefined}
                disabled={busy}
                onClick={doPublish}
              >
                {t('editor.confirmYes')}
              </button>
              <Button onClick={() => setConfirming(false)} disabled={busy}>
                {t('editor.confirmNo')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="strategy-actions">
            <Button onClick={askPublish} disabled={busy}>
              {t('editor.publish')}
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
