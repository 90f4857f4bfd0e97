import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { STEP_COUNT, stepNumber, type Step } from '../lib/steps';

/**
 * One step of the flow: a <section> labelled by its heading. The heading starts with the visible step
 * indicator ("Steg 2 av 5") and takes focus (tabIndex -1) when the step changes.
 */
export function StepSection({
  step,
  title,
  headingRef,
  children,
}: {
  step: Step;
  title: string;
  headingRef: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  const { t } = useTranslation('report');
  const id = `report-step-${step}-title`;
  return (
    <section className={`report-step report-step-${step}`} aria-labelledby={id}>
      <p className="report-step-indicator" aria-hidden="true">
        <span>{t('stepOf', { n: stepNumber(step), total: STEP_COUNT })}</span>
        <span className="report-step-bar">
          {Array.from({ length: STEP_COUNT }, (_, i) => (
            <span key={i} className={i < stepNumber(step) ? 'is-done' : undefined} />
          ))}
        </span>
      </p>
      <h3 id={id} ref={headingRef} tabIndex={-1} className="report-step-title">
        <span className="visually-hidden">{t('stepOf', { n: stepNumber(step), total: STEP_COUNT })}: </span>
        {title}
      </h3>
      {children}
    </section>
  );
}
