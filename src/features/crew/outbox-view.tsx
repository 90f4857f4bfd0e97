import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { Button, ErrorCodeMessage, nameOf, toLang } from '../../ui';
import { crewOutbox, unsent, type CrewOutboxItem } from './lib/crew-outbox';
import { useCrewOutboxItems } from './use-crew-outbox';

/** "Väntar på nätet", "Skickas…", "Skickad", "Kunde inte skickas". */
export function OutboxStateBadge({ item }: { item: CrewOutboxItem }) {
  const { t } = useTranslation('crew');
  return (
    <span className={`tag crew-outbox-state is-outbox-${item.state}`} data-outbox-state={item.state}>
      {t(`outbox.state_${item.state}`)}
    </span>
  );
}

/** What an item is, in words: "Fältrapport: Nedskräpning" or "Nedskräpning: Ny → Åtgärdad". */
export function useItemLabel(reference: ReferenceData | undefined) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const category = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  const status = (code: string) => nameOf(reference?.statuses.find((s) => s.code === code), lang, code);
  return (item: CrewOutboxItem) => {
    const p = item.payload;
    return p.kind === 'field'
      ? t('outbox.fieldLabel', { category: category(p.input.category) })
      : t('outbox.statusLabel', { category: category(p.category), from: status(p.fromStatus), to: status(p.toStatus) });
  };
}

/** Retry / discard for an unsent item (nothing while it is being sent). */
export function OutboxActions({ backend, item }: { backend: Backend; item: CrewOutboxItem }) {
  const { t } = useTranslation('crew');
  const [busy, setBusy] = useState(false);
  if (item.state === 'sending' || item.state === 'sent') return null;
  const outbox = crewOutbox(backend);
  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn()
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <div className="crew-actions">
      {item.state === 'failed' ? (
        <Button variant="primary" busy={busy} onClick={() => run(() => outbox.retry(item.id))}>
          {t('outbox.retry')}
        </Button>
      ) : null}
      <Button
        variant="ghost"
        onClick={() => {
          if (!window.confirm(t('outbox.discardConfirm'))) return;
          run(() => outbox.discard(item.id));
        }}
      >
        {t('outbox.discard')}
      </Button>
    </div>
  );
}

/**
 * The crew's unsent work, at the top of the panel: a polite announcement of how much waits for the network
 * (or failed), and every unsent item with its state, its error and retry / discard.
 */
export function CrewOutboxPanel({ backend, reference }: { backend: Backend; reference: ReferenceData | undefined }) {
  const { t } = useTranslation('crew');
  const uid = useId();
  const items = useCrewOutboxItems(backend);
  const label = useItemLabel(reference);
  const pending = unsent(items);
  const queued = pending.filter((i) => i.state !== 'failed').length;
  const failed = pending.length - queued;
  // Sent items stay in the snapshot until the next page load: "Allt är skickat" is announced once they leave
  // the queue (shown to screen readers only; the visible box is for what still waits).
  const allSent = pending.length === 0 && items.some((i) => i.state === 'sent');
  const summary = [
    queued > 0 ? t('outbox.pending', { count: queued }) : '',
    failed > 0 ? t('outbox.failed', { count: failed }) : '',
    pending.length === 0 && allSent ? t('outbox.allSent') : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <section className="crew-outbox" aria-labelledby={pending.length > 0 ? `${uid}-h` : undefined} data-outbox-count={pending.length}>
      {/* Always rendered, so screen readers announce changes (aria-live only reports updates of a live region). */}
      <p role="status" aria-live="polite" className={pending.length > 0 ? 'crew-outbox-summary' : 'visually-hidden'}>
        {summary}
      </p>
      {pending.length > 0 ? (
        <>
          <h2 id={`${uid}-h`} className="visually-hidden">
            {t('outbox.listLabel')}
          </h2>
          <ul className="crew-outbox-list">
            {pending.map((item) => (
              <li
                key={item.id}
                className="crew-outbox-item"
                data-outbox-id={item.id}
                data-outbox-kind={item.payload.kind}
                data-outbox-attempts={item.attempts}
              >
                <p className="crew-outbox-line">
                  <OutboxStateBadge item={item} /> <span className="crew-outbox-label">{label(item)}</span>
                </p>
                <p className="user-text crew-outbox-text">
                  {item.payload.kind === 'field' ? item.payload.input.description : (item.payload.note ?? '')}
                </p>
                {item.state === 'failed' ? <ErrorCodeMessage code={item.error} /> : null}
                <OutboxActions backend={backend} item={item} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
