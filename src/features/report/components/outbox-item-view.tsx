import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Backend } from '../../../backend/backend';
import { Button } from '../../../ui';
import { replaceDraft } from '../lib/draft-events';
import { saveDraft, saveDraftPhoto } from '../lib/draft-storage';
import { draftFromOutbox } from '../lib/outbox-draft';
import { reportOutbox, type ReportOutboxItem } from '../outbox/report-outbox';

/** State badge of an unsent report: "Väntar på nätverk", "Skickas…", "Skickad", "Kunde inte skickas". */
export function OutboxStateBadge({ item, ready = true }: { item: ReportOutboxItem; ready?: boolean }) {
  const { t } = useTranslation('report');
  // Queued before the database was ready: it waits for the database, not for the network.
  const key = item.state === 'queued' && !ready ? 'state_starting' : `state_${item.state}`;
  return (
    <span className={`report-status-badge is-outbox-${item.state}`} data-outbox-state={item.state}>
      {t(`outbox.${key}`)}
    </span>
  );
}

/**
 * Retry / edit / discard for an unsent report. Editing takes the item out of the outbox and puts it back
 * into the report form (draft + photo), then calls `onEdit` (the app shows the report tab).
 */
export function OutboxActions({
  backend,
  item,
  ready = true,
  onEdit,
  onDiscarded,
}: {
  backend: Backend;
  item: ReportOutboxItem;
  /** The backend has started; before that a queued report goes by itself once it has, so no "Försök igen". */
  ready?: boolean;
  onEdit?(): void;
  onDiscarded?(): void;
}) {
  const { t } = useTranslation('report');
  const [busy, setBusy] = useState(false);
  const outbox = reportOutbox(backend);
  if (item.state === 'sending' || item.state === 'sent') return null;
  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn().finally(() => setBusy(false));
  };
  return (
    <div className="report-actions">
      {ready || item.state === 'failed' ? (
        <Button variant="primary" className="report-btn" busy={busy} onClick={() => run(() => outbox.retry(item.id))}>
          {t('outbox.retry')}
        </Button>
      ) : null}
      <Button
        variant="secondary"
        className="report-btn"
        onClick={() =>
          run(async () => {
            const taken = await outbox.take(item.id);
            if (!taken) return;
            const draft = draftFromOutbox(taken, () => crypto.randomUUID());
            saveDraft(draft);
            await saveDraftPhoto(taken.blob);
            replaceDraft(draft, taken.blob);
            onEdit?.();
          })
        }
      >
        {t('outbox.edit')}
      </Button>
      <Button
        variant="ghost"
        className="report-btn"
        onClick={() => {
          if (!window.confirm(t('outbox.discardConfirm'))) return;
          run(async () => {
            await outbox.discard(item.id);
            onDiscarded?.();
          });
        }}
      >
        {t('outbox.discard')}
      </Button>
    </div>
  );
}
