import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Backend } from '../../../backend/backend';
import { VisuallyHidden } from '../../../ui';
import type { ReportReference } from '../lib/shipped-reference';
import { useMyReportChanges } from './use-my-report-changes';
import './follow.css';

/**
 * Inside the "Mina rapporter" tab's label: the number of the resident's reports with a status they have not seen
 * (its text is part of the tab's name: "Mina rapporter, 2 nya ändringar"), and the polite live region that says
 * what changed. The region cannot live in the tab (it would change the tab's name) nor in the tab list (only tabs
 * belong there), so it is portalled to the end of the body, where axe counts a live region as a region of its own.
 */
export function MyReportsBadge({
  backend,
  ready,
  viewing,
  openReportId,
  reference,
}: {
  backend: Backend;
  ready: boolean;
  viewing: boolean;
  openReportId?: string | null;
  reference?: ReportReference | undefined;
}) {
  const { t } = useTranslation('report');
  const { unseen, announcement } = useMyReportChanges(backend, { ready, viewing, openReportId, reference });
  return (
    <>
      {unseen > 0 ? (
        <>
          <span className={unseen > 9 ? 'tab-badge tab-badge-wide' : 'tab-badge'} aria-hidden="true" data-testid="my-reports-badge">
            {unseen}
          </span>
          <VisuallyHidden>{',\u00a0'}{t('follow.badge', { count: unseen })}</VisuallyHidden>
        </>
      ) : null}
      {typeof document !== 'undefined'
        ? createPortal(
            <div role="status" className="visually-hidden" data-testid="my-reports-announcement">
              {announcement}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
