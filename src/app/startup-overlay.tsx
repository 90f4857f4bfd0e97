import { useTranslation } from 'react-i18next';
import { ErrorMessage, Progress } from '../ui';
import type { StartState } from './use-backend-start';

/**
 * Non-modal start-up card: shows the stage and progress while the database starts. The map, the report flow and
 * the rest of the UI stay usable underneath; only data waits. Kept short (the heading is read, not shown: the
 * progress line says "Startar – <stage>"), so on a phone the first question of the report flow below it is in view.
 */
export function StartupOverlay({
  state,
  onRetry,
  compact = false,
}: {
  state: StartState;
  onRetry: () => void;
  /**
   * Only the progress line, without "Kartan går redan att använda …": for a panel that works before the database
   * is ready anyway (the report flow), whose first question should stay in view on a phone.
   */
  compact?: boolean;
}) {
  const { t } = useTranslation('common');
  if (state.phase === 'ready') return null;
  const starting = state.phase === 'starting';
  return (
    <section className="startup" aria-labelledby="startup-title">
      <h2 id="startup-title" className={starting ? 'visually-hidden' : 'small-heading'}>
        {starting ? t('startup.title') : t('startup.failed')}
      </h2>
      {starting ? (
        <>
          <Progress
            label={t('startup.label')}
            fraction={state.progress?.fraction}
            text={`${t('startup.title')} – ${t(`startup.stage.${state.progress?.stage ?? 'loading-engine'}`)}`}
          />
          {compact ? null : <p className="hint">{t('startup.mapUsable')}</p>}
        </>
      ) : (
        <ErrorMessage error={state.error} onRetry={onRetry} />
      )}
    </section>
  );
}
