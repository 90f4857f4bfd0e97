import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHIPPED_REFERENCE, type ReportReference } from '../lib/shipped-reference';
import { Button } from '../../../ui';
import { CategoryStep } from './category-step';
import { ConfirmationStep, QueuedConfirmation } from './confirmation-step';
import { DetailsStep } from './details-step';
import { NearbyStep } from './nearby-step';
import { PlaceStep } from './place-step';
import { useReportFlow, type ReportFlowShell } from './use-report-flow';
import { selectCanStartOver, selectShowsRestoredNotice } from '../lib/report-flow';
import '../report.css';

export interface ReportPanelProps extends ReportFlowShell {
  /** The database's reference data once loaded; until then the copy shipped with the build. */
  reference?: ReportReference | undefined;
  onClose(): void;
}

/**
 * The resident's report flow: place → category → similar reports nearby → details → confirmation.
 * A view only: what it shows and what each control does is `useReportFlow` (over the pure reducer in
 * `lib/report-flow.ts`). The draft (with its client-generated id) is saved on every change and survives
 * reloads and failed submissions; it is cleared only after a successful submit.
 */
export function ReportPanel(props: ReportPanelProps) {
  const { backend } = props;
  const reference = props.reference ?? SHIPPED_REFERENCE;
  const { t } = useTranslation(['report', 'errors']);
  const rootRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const flow = useReportFlow(props, { root: rootRef, heading: headingRef });
  const { state, step } = flow;
  const { draft } = state;
  const category = reference.categories.find((c) => c.code === draft.category) ?? null;

  const startOver = () => {
    if (typeof window !== 'undefined' && !window.confirm(t('startOverConfirm'))) return;
    flow.startOver();
  };

  return (
    <div ref={rootRef} className="report-panel">
      <div className="report-panel-header">
        <h2 className="report-panel-title">{t('panelTitle')}</h2>
        <Button variant="ghost" className="report-btn" onClick={props.onClose}>
          {t('close')}
        </Button>
      </div>
      {selectShowsRestoredNotice(state) ? <p className="report-notice">{t('draftRestored')}</p> : null}
      {flow.needsSignIn && step !== 'done' ? (
        <div className="report-notice" role="note">
          <p>{t('signInFirst')}</p>
          <Button variant="primary" className="report-btn" onClick={flow.signInAnonymously}>
            {t('signInAnonymously')}
          </Button>
        </div>
      ) : null}

      {step === 'place' ? (
        <PlaceStep
          // A new draft ("Börja om") starts the step afresh: no search text or "chosen" message left from the last.
          key={draft.id}
          headingRef={headingRef}
          pin={draft.pin}
          outsideMalmo={flow.pinOutsideMalmo}
          confirmError={state.placeError}
          onSetPin={flow.setPin}
          onConfirm={flow.confirmPlace}
        />
      ) : null}

      {step === 'category' ? (
        <CategoryStep
          headingRef={headingRef}
          reference={reference}
          category={draft.category}
          showRequired={state.categoryRequired}
          onChange={flow.chooseCategory}
          onNext={flow.next}
          onBack={flow.back}
        />
      ) : null}

      {step === 'nearby' ? (
        <NearbyStep
          headingRef={headingRef}
          reference={reference}
          radius={category?.duplicate_radius_m ?? null}
          reports={flow.nearby.reports}
          loading={flow.nearby.loading}
          error={flow.nearby.error}
          supportError={flow.nearby.supportError}
          supportingId={flow.nearby.supportingId}
          ownIds={flow.nearby.ownIds}
          supportedId={state.supportedId}
          onSupport={flow.support}
          onOpenReport={flow.openReport}
          onNext={flow.next}
          onBack={flow.back}
        />
      ) : null}

      {step === 'details' ? (
        <DetailsStep
          headingRef={headingRef}
          description={draft.description}
          observedAt={draft.observedAt}
          photoUrl={flow.photoUrl}
          photoBusy={state.photoBusy}
          photoError={state.photoError}
          fieldErrors={state.fieldErrors}
          submitError={flow.submitError}
          submitting={flow.submitting}
          onDescription={flow.setDescription}
          onObservedAt={flow.setObservedAt}
          onPhoto={flow.addPhoto}
          onRemovePhoto={flow.removePhoto}
          onSubmit={flow.submit}
          onBack={flow.back}
          onChangePlace={flow.changePlace}
          notify={{
            available: flow.notifyAvailable,
            on: draft.notify,
            email: draft.notifyEmail,
            onToggle: flow.setNotify,
            onEmail: flow.setNotifyEmail,
          }}
        />
      ) : null}

      {step === 'done' && !state.result && state.queuedId ? (
        <QueuedConfirmation
          headingRef={headingRef}
          backend={backend}
          reference={reference}
          item={flow.queuedItem}
          ready={flow.ready}
          onNewReport={flow.newReport}
          onEdit={flow.editQueued}
        />
      ) : null}

      {step === 'done' && state.result ? (
        <ConfirmationStep
          headingRef={headingRef}
          reference={reference}
          result={state.result}
          onNewReport={flow.newReport}
        />
      ) : null}

      {selectCanStartOver(state) ? (
        <div className="report-footer">
          <Button variant="ghost" className="report-btn" onClick={startOver}>
            {t('startOver')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
