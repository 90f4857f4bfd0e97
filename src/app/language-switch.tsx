import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppLang, LANGUAGES } from './languages';

/**
 * The language choice: one option per language in the app's list, each named in its own language (and marked up
 * with its `lang`, so a screen reader pronounces it right). The label is in the current language.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  return (
    <div className="lang-switch field-inline">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isAppLang(next)) void i18n.changeLanguage(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
