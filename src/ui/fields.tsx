import type { SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Challenge } from '../domain/challenges';
import { STATUSES } from '../domain/statuses';
import { nameOf, toLang } from './format';

/** A reference row with its names (list_categories' challenges and statuses). */
interface Named {
  code: string;
  name_sv: string;
  name_en: string;
  /** Order in the list (challenges); rows without it keep the order given. */
  sort?: number;
}

/** The open statuses (new, confirmed, in progress): the work list's default filter and "open" everywhere. */

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

/**
 * The challenge field: the reference data's challenges (the strategy period in force) by their translated names, in
 * their order, optionally after an empty choice (`emptyLabel`: "all challenges" in a filter, "–" in a form where a
 * challenge must be picked). A value the list does not have (an older period's challenge, or the list still loading)
 * stays chosen and shows its code.
 */
export function ChallengeSelect({
  value,
  onChange,
  names,
  emptyLabel,
  label,
  ...rest
}: SelectProps & {
  value: Challenge | '';
  onChange(value: Challenge | ''): void;
  /** The reference data's challenges (names); a chosen code is shown while they load. */
  names: readonly Named[] | undefined;
  emptyLabel?: string;
  /** A label wrapping the field (a filter row); without it the caller labels the field by its id. */
  label?: string;
}) {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const listed = [...(names ?? [])].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0));
  const options = value && !listed.some((c) => c.code === value) ? [...listed, { code: value, name_sv: value, name_en: value }] : listed;
  const select = (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {options.map((c) => (
        <option key={c.code} value={c.code}>
          {nameOf(c, lang, c.code)}
        </option>
      ))}
    </select>
  );
  return label === undefined ? (
    select
  ) : (
    <label>
      {label}
      {select}
    </label>
  );
}

/**
 * A status field: the given statuses (default all) by their translated names, after optional leading choices
 * (an empty "choose…", or "open statuses" in a filter). With `label`, a form row: the label above the field.
 */
export function StatusSelect({
  value,
  onChange,
  names,
  statuses = STATUSES,
  leading = [],
  label,
  ...rest
}: SelectProps & {
  value: string;
  onChange(value: string): void;
  /** The reference data's statuses (names); the code is shown while they load. */
  names: readonly Named[] | undefined;
  statuses?: readonly string[];
  leading?: readonly { value: string; label: string }[];
  label?: string;
}) {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const select = (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {leading.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {statuses.map((s) => (
        <option key={s} value={s}>
          {nameOf(names?.find((x) => x.code === s), lang, s)}
        </option>
      ))}
    </select>
  );
  return label === undefined ? (
    select
  ) : (
    <div className="field">
      <label htmlFor={rest.id}>{label}</label>
      {select}
    </div>
  );
}
