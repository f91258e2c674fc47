import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { connectToCore } from './api/connect.js';
import { createConnectionStateStore, useConnectionState, type ConnectionStateStore } from './api/connection-state.js';
import { ApiContext } from './api/hooks.js';
import { App } from './app/App.js';
import { initI18n, languageForLocale } from './i18n/index.js';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';
import './styles/learning.css';
import './styles/storefront.css';

function MissingSecret() {
  const { t } = useTranslation();
  return (
    <main className="missing-secret">
      <h1>{t('missingSecret.title')}</h1>
      <p>{t('missingSecret.body')}</p>
    </main>
  );
}

function ConnectedApp({ store }: { store: ConnectionStateStore }) {
  return <App connectionState={useConnectionState(store)} />;
}

async function start(): Promise<void> {
  await initI18n(languageForLocale(navigator.languages[0]));
  const store = createConnectionStateStore();
  const connection = connectToCore(store.set);
  const root = createRoot(document.getElementById('root') as HTMLElement);
  if (connection.kind === 'missing-secret') {
    root.render(<MissingSecret />);
    return;
  }
  root.render(
    <StrictMode>
      <ApiContext.Provider value={connection.api}>
        <ConnectedApp store={store} />
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void start();
