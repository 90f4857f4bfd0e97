import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { setupI18n } from './app/i18n';
import { createBackend } from './backend';
import './ui/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing in index.html');
const root = createRoot(container);

createBackend().then(
  (backend) => {
    root.render(
      <StrictMode>
        <App backend={backend} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
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
