import { useTranslation } from 'react-i18next';
import { ErrorMessage, Progress } from '../ui';
import type { StartState } from './use-backend-start';

/**
 * Non-modal start-up card: shows the stage and progress while the database starts. The map and the
 * rest of the UI stay usable underneath; only data waits.
 */
export function StartupOverlay({ state, onRetry }: { state: StartState; onRetry: () => void }) {
  const { t } = useTranslation('common');
  if (state.phase === 'ready') return null;
  return (
    <section className="startup" aria-labelledby="startup-title">
      <h2 id="startup-title" className="small-heading">
        {state.phase === 'failed' ? t('startup.failed') : t('startup.title')}
      </h2>
      {state.phase === 'starting' ? (
        <>
          <Progress
            label={t('startup.label')}
            fraction={state.progress?.fraction}
            text={t(`startup.stage.${state.progress?.stage ?? 'loading-engine'}`)}
          />
          <p className="hint">{t('startup.mapUsable')}</p>
        </>
      ) : (
        <ErrorMessage error={state.error} onRetry={onRetry} />
      )}
    </section>
  );
}
