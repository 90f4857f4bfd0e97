import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { setupI18n } from './app/i18n';
import { createBackend } from './backend';
import './ui/styles.css';

/**
 * The service worker (vite.config.ts, pwaPlugin) in a production build only: the dev server retires any left
 * by `npm start` on the same origin. Registered once the data layer has started (or failed), so its precache
 * (~33 MB, mostly the engine) never competes with the first visit's own downloads; they are in the HTTP cache
 * by then. A new version taking over a page that an older one controlled is announced as the window event
 * `trygghetskartan:new-version` (the page itself is not reloaded under the resident's hands).
 */
function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) window.dispatchEvent(new Event('trygghetskartan:new-version'));
  });
  const register = () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
      .catch((e: unknown) => console.warn('[pwa] service worker not registered', e));
  };
  const settled = () => ['ready', 'failed'].includes(document.documentElement.dataset.backend ?? '');
  if (settled()) return register();
  const observer = new MutationObserver(() => {
    if (!settled()) return;
    observer.disconnect();
    register();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-backend'] });
}

registerServiceWorker();

const container = document.getElementById('root');
if (!container) throw new Error('#root missing in index.html');
const root = createRoot(container);

createBackend().then(
  (backend) => {
    // The engine starts now, in parallel with the first render, not from the app's effect after it (seconds
    // later on a cold visit); the app's own start() joins this one and reports its outcome.
    backend.start().catch(() => undefined);
    root.render(
      <StrictMode>
        <App backend={backend} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    document.documentElement.dataset.backend = 'failed';
    // The adapter module itself could not load (e.g. offline on first visit): say so, as text.
    console.error(error);
    const i18n = setupI18n();
    root.render(
      <p role="alert" className="fatal">
        {i18n.t('common:fatal')}
      </p>,
    );
  },
);
