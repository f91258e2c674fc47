import { useTranslation } from 'react-i18next';
import { useOperation, useSubscription } from '../api/hooks.js';

/** Always visible: online or offline, changes waiting to sync, when it last synced, and a way to sync now. */
export function SyncStatusBar() {
  const { t, i18n } = useTranslation();
  const status = useSubscription('sync.watchStatus', {}).value;
  const syncNow = useOperation('sync.now');
  if (!status) return null;
  const state = !status.signedIn ? 'signed-out' : !status.online ? 'offline' : status.syncing ? 'syncing' : 'online';
  const last = status.lastSyncedAt
    ? new Date(status.lastSyncedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
    : null;
  return (
    <div className={`sync-status sync-status--${state}`} role="status" aria-live="polite" data-testid="sync-status">
      <span className="sync-status__dot" aria-hidden="true" />
      <span className="sync-status__text">
        <span data-testid="sync-state">{t(`sync.state_${state}`)}</span>
        {status.signedIn && status.pendingChanges > 0 && (
          <span className="sync-status__pending">{t('sync.pending', { count: status.pendingChanges })}</span>
        )}
        {status.signedIn && (
          <span className="sync-status__last">{last ? t('sync.lastSynced', { time: last }) : t('sync.never')}</span>
        )}
      </span>
      {status.signedIn && (
        <button
          type="button"
          className="button button--small"
          disabled={syncNow.running || status.syncing}
          onClick={() => void syncNow.run({})}
        >
          {t('sync.now')}
        </button>
      )}
    </div>
  );
}
