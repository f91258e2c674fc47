import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubscription } from '../api/hooks.js';
import { AdminOrders } from './AdminOrders.js';
import { AdminRevenue } from './AdminRevenue.js';
import { PlatformPlans } from './PlatformPlans.js';
import { AdminOrganizations } from './AdminOrganizations.js';
import { AdminOverviewPanel } from './AdminOverviewPanel.js';
import { AdminUsers } from './AdminUsers.js';

const TABS = ['overview', 'revenue', 'memberships', 'users', 'organizations', 'orders'] as const;
type Tab = (typeof TABS)[number];

/**
 * The platform administrator's screen, so no API call is ever needed: the payments mode and
 * the platform's figures, users (find, make creator), organizations (create, with their
 * administrator invited) and seat pools, and orders (find, refund). Everything here is the
 * server's to allow: this screen only asks.
 */
export function AdminScreen() {
  const { t } = useTranslation();
  const session = useSubscription('account.watchSession', {}).value;
  const [tab, setTab] = useState<Tab>('overview');
  if (!session) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  const isAdmin = session.status === 'signed-in' && session.user?.role === 'admin';

  return (
    <section className="screen admin-screen" aria-labelledby="admin-title">
      <header className="catalog-header">
        <h1 id="admin-title">{t('admin.title')}</h1>
      </header>
      {!isAdmin ? (
        <p className="empty-state">{t('admin.only')}</p>
      ) : (
        <>
          <div className="tabs" role="tablist" aria-label={t('admin.title')}>
            {TABS.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`admin-tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`admin-panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                className="tabs__tab"
                onClick={() => setTab(id)}
                onKeyDown={(event) => {
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                  if (!step) return;
                  const next = TABS[(TABS.indexOf(id) + step + TABS.length) % TABS.length]!;
                  setTab(next);
                  document.getElementById(`admin-tab-${next}`)?.focus();
                }}
              >
                {t(`admin.tab_${id}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} className="admin-panel">
            {tab === 'overview' && <AdminOverviewPanel />}
            {tab === 'revenue' && <AdminRevenue />}
            {tab === 'memberships' && <PlatformPlans />}
            {tab === 'users' && <AdminUsers />}
            {tab === 'organizations' && <AdminOrganizations />}
            {tab === 'orders' && <AdminOrders />}
          </div>
        </>
      )}
    </section>
  );
}
