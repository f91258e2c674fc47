import { useTranslation } from 'react-i18next';
import type { ServerStatus } from '../../../common/contract/index.js';

export function ServerStatusPill({ status }: { status: ServerStatus | undefined }) {
  const { t } = useTranslation();
  const state = status === undefined ? 'checking' : status.reachable ? 'online' : 'offline';
  return (
    <span className={`status-pill status-pill--${state}`} role="status" data-testid="server-status">
      <span className="status-pill__dot" aria-hidden="true" />
      {t(`status.${state}`)}
    </span>
  );
}
