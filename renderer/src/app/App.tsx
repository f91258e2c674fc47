import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../api/web-socket-transport.js';
import { useSubscription } from '../api/hooks.js';
import { AboutScreen } from '../screens/AboutScreen.js';
import { AccountScreen } from '../screens/AccountScreen.js';
import { CatalogScreen } from '../screens/CatalogScreen.js';
import { HomeScreen } from '../screens/HomeScreen.js';
import { SettingsScreen } from '../screens/SettingsScreen.js';
import { BookIcon, HomeIcon, InfoIcon, LogoMark, SettingsIcon, UserIcon } from './icons.js';
import { ServerStatusPill } from './ServerStatusPill.js';
import { useAppearance } from './use-appearance.js';

const SCREENS = [
  { id: 'home', Icon: HomeIcon, Screen: HomeScreen },
  { id: 'catalog', Icon: BookIcon, Screen: CatalogScreen },
  { id: 'account', Icon: UserIcon, Screen: AccountScreen },
  { id: 'settings', Icon: SettingsIcon, Screen: SettingsScreen },
  { id: 'about', Icon: InfoIcon, Screen: AboutScreen },
] as const;

type ScreenId = (typeof SCREENS)[number]['id'];

export function App({ connectionState }: { connectionState: ConnectionState }) {
  const { t } = useTranslation();
  const settings = useSubscription('settings.watch', {}).value;
  const serverStatus = useSubscription('server.watchStatus', {}).value;
  const [screen, setScreen] = useState<ScreenId>('home');
  useAppearance(settings);

  /** Tells tests (and the Electron shell) that the UI has its data: wait for this, never sleep. */
  useEffect(() => {
    if (settings) document.documentElement.dataset.appReady = 'true';
  }, [settings]);

  const current = SCREENS.find((entry) => entry.id === screen) ?? SCREENS[0];

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          <LogoMark />
          <div>
            <div className="brand__name">{t('app.name')}</div>
            <div className="brand__tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <ul className="nav-list">
          {SCREENS.map(({ id, Icon }) => (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === id ? 'page' : undefined}
                onClick={() => setScreen(id)}
              >
                <Icon />
                <span>{t(`nav.${id}`)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar__footer">
          <ServerStatusPill status={serverStatus} />
        </div>
      </nav>
      <main className="content" aria-busy={settings === undefined}>
        {connectionState === 'closed' && (
          <div className="banner banner--error" role="alert">
            {t('status.coreDisconnected')}
          </div>
        )}
        {settings ? <current.Screen settings={settings} serverStatus={serverStatus} /> : <div className="skeleton" aria-hidden="true" />}
      </main>
    </div>
  );
}
