import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { draftStrategyPeriod, type StrategyPeriodSummary } from '../../../api';
import type { Backend } from '../../../backend';
import { Button, ErrorMessage, formatDate, formatNumber, toLang } from '../../../ui';
import { usePeriods } from './use-periods';

/** "Strategin": every strategy period (drafts too for strategists), and a draft of the next one from the one in force. */
export function Periods({
  backend,
  ready,
  canEdit,
  onOpen,
}: {
  backend: Backend;
  ready: boolean;
  /** Strategist or admin: may draft, edit and publish. */
  canEdit: boolean;
  onOpen(id: string): void;
}) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const periods = usePeriods(backend, ready);
  const inForce = periods.data?.find((p) => p.in_force) ?? null;
  return (
    <section className="strategy-periods strategy-printable" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('periods.title')}
      </h3>
      <p className="hint">{t('periods.intro')}</p>
      {periods.isError ? <ErrorMessage error={periods.error} onRetry={() => void periods.refetch()} /> : null}
      {!ready ? <p className="hint">{t('waiting')}</p> : periods.isPending ? <p role="status">{t('loading')}</p> : null}
      {periods.data ? (
        // A list, not a table: a period's facts read as one line at any width, on paper too.
        <ul className="strategy-period-list" data-testid="periods-list">
          {periods.data.map((p) => (
            <li key={p.id} data-period={p.id}>
              <a
                href={`#/strategy/periods/${p.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(p.id);
                }}
              >
                {p.name}
              </a>
              <span className="strategy-badge">
                {t(`periods.statuses.${p.status}`)}
                {p.in_force ? `, ${t('periods.inForce')}` : ''}
              </span>
              <br />
              {p.starts_on && p.ends_on
                ? `${t('periods.span', { from: formatDate(p.starts_on, lang), to: formatDate(p.ends_on, lang) })} · `
                : p.starts_on
                  ? `${t('periods.spanOpen', { from: formatDate(p.starts_on, lang) })} · `
                  : ''}
              {t('periods.challengeCount', { prioritised: formatNumber(p.prioritised, lang), total: formatNumber(p.challenges, lang) })}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && inForce ? <DraftNext backend={backend} from={inForce} onCreated={onOpen} /> : null}
    </section>
  );
}

function DraftNext({ backend, from, onCreated }: { backend: Backend; from: StrategyPeriodSummary; onCreated(id: string): void }) {
  const { t } = useTranslation('strategy');
  const id = useId();
  const [name, setName] = useState(() => t('periods.draftDefaultName', { name: from.name }));
  const mutation = useMutation({
    mutationFn: () => draftStrategyPeriod.call(backend, { from: from.id, name }),
    onSuccess: (r) => onCreated(r.id),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form className="strategy-form strategy-no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('periods.draftTitle')}</h4>
      <p className="hint">{t('periods.draftHelp', { name: from.name })}</p>
      <label htmlFor={`${id}-name`}>{t('periods.draftName')}</label>
      <input id={`${id}-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      {mutation.isError ? <ErrorMessage error={mutation.error} /> : null}
      <div className="strategy-actions">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {t('periods.draftCreate')}
        </Button>
      </div>
    </form>
  );
}
