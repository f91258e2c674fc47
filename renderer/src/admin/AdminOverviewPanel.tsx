import { useTranslation } from 'react-i18next';
import { useOperationResult } from '../api/hooks.js';

/** How the platform stands: which payments are live, and how many of everything there are. */
export function AdminOverviewPanel() {
  const { t } = useTranslation();
  const reply = useOperationResult('admin.overview', {});
  if (!reply) return <div className="skeleton" aria-hidden="true" />;
  if (!reply.ok)
    return (
      <p className="banner banner--error" role="alert">
        {t(`errors.${reply.error.code}`)}
      </p>
    );
  const overview = reply.value;
  const tiles = [
    ['admin.users', overview.users],
    ['admin.creators', overview.creators],
    ['admin.organizations', overview.organizations],
    ['admin.seatPools', overview.seatPools],
    ['admin.ordersPaid', overview.orders.paid],
    ['admin.ordersRefunded', overview.orders.refunded],
    ['admin.ordersPending', overview.orders.pending],
  ] as const;
  return (
    <div className="admin-overview" data-testid="admin-overview">
      <p
        className={overview.paymentsMode === 'stripe' ? 'banner banner--info' : 'banner banner--warn'}
        data-testid="payments-mode"
      >
        <strong>{t('admin.paymentsMode')}</strong> {t(`admin.payments_${overview.paymentsMode}`)}
      </p>
      <dl className="stat-tiles">
        {tiles.map(([key, value]) => (
          <div key={key} className="stat-tile">
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
