import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData, SubmittedReport } from '../../../api';
import { Button, nameOf } from '../../../ui';
import { StepSection } from './step-section';
import { useLang } from './use-lang';

export function ConfirmationStep({
  headingRef,
  reference,
  result,
  onNewReport,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  reference: ReferenceData;
  result: SubmittedReport;
  onNewReport(): void;
}) {
  const { t } = useTranslation('report');
  const lang = useLang();
  const category = nameOf(
    reference.categories.find((c) => c.code === result.category),
    lang,
    result.category,
  );
  return (
    <StepSection step="done" title={t('done.title')} headingRef={headingRef}>
      <ul className="report-summary">
        <li>{t('done.category', { category })}</li>
        <li>
          {result.district
            ? t('done.district', { name: result.district.name, stadsdel: result.district.stadsdel })
            : t('done.noDistrict')}
        </li>
      </ul>
      <p>
        <a className="report-link" href={`#/report/${result.id}`}>
          {t('done.follow')}
        </a>
      </p>
      <p className="report-hint">{t('done.mine')}</p>
      <div className="report-actions">
        <Button variant="primary" className="report-btn" onClick={onNewReport}>
          {t('done.newReport')}
        </Button>
      </div>
    </StepSection>
  );
}
