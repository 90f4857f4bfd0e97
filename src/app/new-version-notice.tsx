import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui';

/** The event src/main.tsx sends when a new deploy's service worker has taken over. */
const NEW_VERSION_EVENT = 'trygghetskartan:new-version';

/**
 * "A new version is here": said politely, with a reload button. The page is never reloaded under the user's
 * hands (a resident may be half-way through a report); the next visit gets the new version anyway.
 */
export function NewVersionNotice() {
  const { t } = useTranslation();
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    const onNewVersion = () => setAvailable(true);
    window.addEventListener(NEW_VERSION_EVENT, onNewVersion);
    return () => window.removeEventListener(NEW_VERSION_EVENT, onNewVersion);
  }, []);
  return (
    <div role="status" className="new-version">
      {available ? (
        <>
          <span>{t('newVersion.text')}</span> <Button onClick={() => window.location.reload()}>{t('newVersion.reload')}</Button>
        </>
      ) : null}
    </div>
  );
}
