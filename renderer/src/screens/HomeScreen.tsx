import { useTranslation } from 'react-i18next';
import { useOperation, useOperationResult } from '../api/hooks.js';
import { ServerStatusPill } from '../app/ServerStatusPill.js';
import type { ScreenProps } from './screen-props.js';

export function HomeScreen({ serverStatus }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const info = useOperationResult('app.getInfo', {});
  const check = useOperation('server.checkStatus');
  const time = serverStatus ? new Date(serverStatus.checkedAt).toLocaleTimeString(i18n.language) : '';

  return (
    <section className="screen" aria-labelledby="home-title">
      <header className="hero">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
      </header>
      <div className="card-grid">
        <article className="card" aria-labelledby="server-card-title">
          <div className="card__header">
            <h2 id="server-card-title">{t('home.serverCard')}</h2>
            <ServerStatusPill status={serverStatus} />
          </div>
          {serverStatus?.reachable && serverStatus.health ? (
            <p className="card__figure" data-testid="catalog-count">
              {t('home.catalogCount', { count: serverStatus.health.catalog.courses })}
            </p>
          ) : serverStatus ? (
            <p className="card__text">
              {t(`errors.${serverStatus.error ?? 'SERVER_UNREACHABLE'}`)} {t('home.offlineHint')}
            </p>
          ) : (
            <p className="card__text">{t('status.checking')}</p>
          )}
          <p className="card__meta">
            <span className="mono">{serverStatus?.url}</span>
            {time && <span> · {t('home.lastChecked', { time })}</span>}
          </p>
          <button type="button" className="button" disabled={check.running} onClick={() => void check.run({})}>
            {check.running ? t('status.checking') : t('home.checkNow')}
          </button>
        </article>
        <article className="card" aria-labelledby="device-card-title">
          <div className="card__header">
            <h2 id="device-card-title">{t('home.deviceCard')}</h2>
          </div>
          {info?.ok && (
            <>
              <p className="card__figure" data-testid="app-version">
                {t('app.name')} {info.value.version}
              </p>
              <p className="card__meta">
                {t(`home.runtime_${info.value.runtime}`)} · {info.value.platform}/{info.value.arch}
              </p>
            </>
          )}
        </article>
      </div>
    </section>
  );
}
