import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../api';
import { ChallengeSwatch } from './challenge-swatch';
import { Button, nameOf, toLang } from '../../ui';
import { challengeCodes, type Challenge } from '../../domain/challenges';
import {
  DEFAULT_FILTERS,
  TIME_RANGES,
  isStatusFilter,
  showsChallenge,
  withChallenge,
  type BrowseFilters as Filters,
  type TimeRange,
} from './filter-model';

export function BrowseFilters({
  reference,
  filters,
  onChange,
}: {
  reference: ReferenceData | undefined;
  filters: Filters;
  onChange: (next: Filters) => void;
}) {
  const { t, i18n } = useTranslation('browse');
  const lang = toLang(i18n.language);
  const id = useId();
  const challenges = [...(reference?.challenges ?? [])].sort((a, b) => a.sort - b.sort);
  const statuses = [...(reference?.statuses ?? [])].sort((a, b) => a.sort - b.sort);
  const order = challengeCodes(reference?.challenges);
  const toggle = (code: Challenge, checked: boolean) => {
    onChange({ ...filters, challenges: withChallenge(filters, code, checked, order) });
  };
  // A category of a challenge that is not ticked would show no reports at all: choosing it ticks its challenge,
  // and if the challenge is unticked afterwards, a hint says why the map is empty.
  const categoryOf = (code: string | null) => (code ? reference?.categories.find((c) => c.code === code) : undefined);
  const chooseCategory = (code: string | null) => {
    const challenge = categoryOf(code)?.challenge;
    const ticked = !challenge || showsChallenge(filters, challenge);
    onChange({
      ...filters,
      category: code,
      challenges: ticked ? filters.challenges : withChallenge(filters, challenge, true, order),
    });
  };
  const chosen = categoryOf(filters.category);
  const chosenHidden = chosen && !showsChallenge(filters, chosen.challenge) ? chosen : undefined;
  return (
    <details className="filters" open>
      <summary>{t('filters.title')}</summary>
      <fieldset className="filter-challenges">
        <legend>{t('filters.challenges')}</legend>
        {challenges.map((c) => (
          <label key={c.code} className="check">
            <input
              type="checkbox"
              checked={showsChallenge(filters, c.code)}
              onChange={(e) => toggle(c.code, e.currentTarget.checked)}
            />
            <ChallengeSwatch challenge={c.code} challenges={order} />
            <span>{nameOf(c, lang, c.code)}</span>
          </label>
        ))}
        {filters.challenges?.length === 0 ? <p className="hint">{t('filters.noChallenge')}</p> : null}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('filters.category')}</label>
        <select
          id={`${id}-category`}
          value={filters.category ?? ''}
          aria-describedby={chosenHidden ? `${id}-category-hidden` : undefined}
          onChange={(e) => chooseCategory(e.currentTarget.value || null)}
        >
          <option value="">{t('filters.allCategories')}</option>
          {challenges.map((ch) => (
            <optgroup key={ch.code} label={nameOf(ch, lang, ch.code)}>
              {(reference?.categories ?? [])
                .filter((c) => c.challenge === ch.code)
                .sort((a, b) => a.sort - b.sort)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {nameOf(c, lang, c.code)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {chosenHidden ? (
          <p id={`${id}-category-hidden`} className="hint">
            {t('filters.categoryChallengeOff', {
              category: nameOf(chosenHidden, lang, chosenHidden.code),
              challenge: nameOf(challenges.find((c) => c.code === chosenHidden.challenge), lang, chosenHidden.challenge),
            })}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('filters.status')}</label>
        <select
          id={`${id}-status`}
          value={filters.status}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isStatusFilter(v)) onChange({ ...filters, status: v });
          }}
        >
          <option value="all">{t('filters.statusAll')}</option>
          <option value="open">{t('filters.statusOpen')}</option>
          <option value="closed">{t('filters.statusClosed')}</option>
          <optgroup label={t('filters.statusEach')}>
            {statuses.map((s) => (
              <option key={s.code} value={s.code}>
                {nameOf(s, lang, s.code)}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>{t('filters.time')}</label>
        <select
          id={`${id}-time`}
          value={filters.time}
          onChange={(e) => onChange({ ...filters, time: e.currentTarget.value as TimeRange })}
        >
          {TIME_RANGES.map((r) => (
            <option key={r} value={r}>
              {t(`filters.time_${r}`)}
            </option>
          ))}
        </select>
      </div>
      <Button variant="link" onClick={() => onChange(DEFAULT_FILTERS)}>
        {t('filters.reset')}
      </Button>
    </details>
  );
}
