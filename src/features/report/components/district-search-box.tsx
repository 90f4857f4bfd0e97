import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDistricts } from '../api/districts';
import { searchDistricts, type DistrictEntry } from '../lib/district-search';

/**
 * "Sök delområde": a text input and, below it, a listbox of matching districts. ArrowDown moves focus
 * into the list, arrows move between options, Enter/Space picks, Escape goes back to the input.
 */
export function DistrictSearchBox({ onPick }: { onPick(d: DistrictEntry): void }) {
  const { t } = useTranslation('report');
  const districts = useDistricts();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const uid = useId();
  const inputId = `${uid}-input`;
  const listId = `${uid}-list`;
  const hintId = `${uid}-hint`;
  const countId = `${uid}-count`;

  const results = useMemo(() => (districts.data ? searchDistricts(districts.data, query) : []), [districts.data, query]);
  const showList = open && results.length > 0;

  const focusOption = (i: number) => {
    const options = listRef.current?.querySelectorAll<HTMLElement>('[role="option"]');
    if (!options || options.length === 0) return;
    const k = Math.max(0, Math.min(options.length - 1, i));
    options[k]?.focus();
  };

  const pick = (d: DistrictEntry) => {
    setQuery(d.name);
    setOpen(false);
    onPick(d);
    inputRef.current?.focus();
  };

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && results.length > 0) {
      e.preventDefault();
      setOpen(true);
      requestAnimationFrame(() => focusOption(0));
    } else if (e.key === 'Enter' && results.length > 0 && open) {
      // Enter in the input picks the best match.
      e.preventDefault();
      pick(results[0]!);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const onOptionKey = (e: KeyboardEvent<HTMLLIElement>, i: number, d: DistrictEntry) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        focusOption(i + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (i === 0) inputRef.current?.focus();
        else focusOption(i - 1);
        break;
      case 'Home':
        e.preventDefault();
        focusOption(0);
        break;
      case 'End':
        e.preventDefault();
        focusOption(results.length - 1);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        pick(d);
        break;
      case 'Escape':
        e.preventDefault();
        setOpen(false);
        inputRef.current?.focus();
        break;
    }
  };

  const countText =
    districts.isSuccess && query.trim() !== '' ? t('place.search.count', { count: results.length }) : '';

  return (
    <div className="report-district-search">
      <label htmlFor={inputId} className="report-label">
        {t('place.search.label')}
      </label>
      <p id={hintId} className="report-hint">
        {t('place.search.hint')}
      </p>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        // A combobox (a text box with a list of suggestions): aria-expanded is not allowed on a plain text box.
        role="combobox"
        aria-autocomplete="list"
        className="report-input"
        autoComplete="off"
        spellCheck={false}
        value={query}
        aria-describedby={`${hintId} ${countId}`}
        aria-controls={listId}
        aria-expanded={showList}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onInputKey}
      />
      <p id={countId} className="visually-hidden" role="status">
        {countText}
      </p>
      {districts.isPending ? <p className="report-hint">{t('place.search.loading')}</p> : null}
      {districts.isError ? (
        <p role="alert" className="report-field-error">
          {t('place.search.failed')}
        </p>
      ) : null}
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={t('place.search.results')}
        className="report-district-list"
        hidden={!showList}
      >
        {showList
          ? results.map((d, i) => (
              <li
                key={`${d.code ?? d.name}`}
                role="option"
                aria-selected={false}
                tabIndex={-1}
                className="report-district-option"
                onClick={() => pick(d)}
                onKeyDown={(e) => onOptionKey(e, i, d)}
              >
                {d.stadsdel ? t('place.search.option', { name: d.name, stadsdel: d.stadsdel }) : d.name}
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
