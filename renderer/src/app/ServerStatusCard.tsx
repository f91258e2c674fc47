import { useTranslation } from 'react-i18next';
import type { ServerStatus } from '../../../common/contract/index.js';
import { useOperation } from '../api/hooks.js';
import { ServerStatusPill } from './ServerStatusPill.js';

/** Where the device syncs, whether it answers and what it holds; with a button to check again now. */
export function ServerStatusCard({ serverStatus }: { serverStatus: ServerStatus | undefined }) {
  const { t } = useTranslation();
  const check = useOperation('server.checkStatus');
  return (
    <div className="server-status" data-testid="server-card">
      <div className="card__header">
        <span className="mono">{serverStatus?.url}</span>
        <ServerStatusPill status={serverStatus} />
      </div>
      {serverStatus?.reachable && serverStatus.health ? (
        <p className="card__text" data-testid="catalog-count">
          {t('home.catalogCount', { count: serverStatus.health.catalog.courses })}
        </p>
      ) : serverStatus ? (
        <p className="card__text">
          {t(`errors.${serverStatus.error ?? 'SERVER_UNREACHABLE'}`)} {t('home.offlineHint')}
        </p>
      ) : (
        <p className="card__text">{t('status.checking')}</p>
      )}
      <button
        type="button"
        className="button button--small"
        disabled={check.running}
        onClick={() => void check.run({})}
      >
        {check.running ? t('status.checking') : t('home.checkNow')}
      </button>
    </div>
  );
}
