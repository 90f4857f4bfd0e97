import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportReference } from '../lib/shipped-reference';
import { Button, descriptionOf, nameOf } from '../../../ui';
import { StepSection } from './step-section';
import { useLang } from './use-lang';

export function CategoryStep({
  headingRef,
  reference,
  category,
  showRequired,
  onChange,
  onNext,
  onBack,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  reference: ReportReference;
  category: string | null;
  showRequired: boolean;
  onChange(code: string): void;
  onNext(): void;
  onBack(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const challenges = [...reference.challenges].sort((a, b) => a.sort - b.sort);
  const errorId = 'report-category-error';
  return (
    <StepSection step="category" title={t('category.title')} headingRef={headingRef}>
      <p className="report-hint">{t('category.hint')}</p>
      {showRequired && !category ? (
        <p id={errorId} role="alert" className="report-field-error">
          {t('category.required')}
        </p>
      ) : null}
      {challenges.map((ch) => {
        const cats = reference.categories.filter((c) => c.challenge === ch.code).sort((a, b) => a.sort - b.sort);
        if (cats.length === 0) return null;
        const descId = `report-challenge-${ch.code}-desc`;
        const description = descriptionOf(ch, lang);
        return (
          <fieldset key={ch.code} className="report-fieldset" aria-describedby={descId}>
            <legend className="report-legend">{nameOf(ch, lang, ch.code)}</legend>
            {/* Without an Arabic description the Arabic interface shows the Swedish one, marked as Swedish, left to
                right, so that a screen reader reads it with a Swedish voice. */}
            <p id={descId} className="report-hint" {...(lang === 'ar' && description.lang === 'sv' ? { lang: 'sv', dir: 'ltr' } : {})}>
              {description.text}
            </p>
            {cats.map((c) => {
              const id = `report-category-${c.code}`;
              return (
                <div key={c.code} className="report-radio">
                  <input
                    type="radio"
                    id={id}
                    name="report-category"
                    value={c.code}
                    checked={category === c.code}
                    onChange={() => onChange(c.code)}
                    aria-invalid={showRequired && !category ? true : undefined}
                    aria-describedby={showRequired && !category ? errorId : undefined}
                  />
                  <label htmlFor={id}>{nameOf(c, lang, c.code)}</label>
                </div>
              );
            })}
          </fieldset>
        );
      })}
      <div className="report-actions">
        <Button className="report-btn" onClick={onBack}>
          {t('back')}
        </Button>
        <Button variant="primary" className="report-btn" onClick={onNext}>
          {t('next')}
        </Button>
      </div>
    </StepSection>
  );
}
