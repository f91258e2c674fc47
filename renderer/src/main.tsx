import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { connectToCore, forgetLaunchSecret } from './api/connect.js';
import { createConnectionStateStore, useConnectionState, type ConnectionStateStore } from './api/connection-state.js';
import { ApiContext } from './api/hooks.js';
import { App } from './app/App.js';
import { initI18n, languageForLocale } from './i18n/index.js';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';
import './styles/learning.css';
import './styles/storefront.css';

function MissingSecret({ refused = false }: { refused?: boolean }) {
  const { t } = useTranslation();
  return (
    <main className="missing-secret" data-testid={refused ? 'launch-refused' : 'missing-secret'}>
      <h1>{refused ? t('missingSecret.refusedTitle') : t('missingSecret.title')}</h1>
      <p>{refused ? t('missingSecret.refusedBody') : t('missingSecret.body')}</p>
    </main>
  );
}

/** The app once the core answers; a clear page (never a blank one) when it refuses this launch address. */
function ConnectedApp({ store }: { store: ConnectionStateStore }) {
  const state = useConnectionState(store);
  const [everOpen, setEverOpen] = useState(false);
  if (state === 'open' && !everOpen) setEverOpen(true);
  if (state === 'closed' && !everOpen) {
    forgetLaunchSecret();
    return <MissingSecret refused />;
  }
  return <App connectionState={state} />;
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
