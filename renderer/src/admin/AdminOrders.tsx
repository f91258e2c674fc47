import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminOrder } from '../../../common/contract/admin.js';
import { useApi, useOperationResult } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { AdminListState, AdminSearch } from './AdminSearch.js';
import { formatPrice, localized } from '../screens/format.js';

/** Orders, newest first or found by id or buyer, with a refund of any course not refunded yet (after a confirmation). */
export function AdminOrders() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const [query, setQuery] = useState('');
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useFormMessage();
  const reply = useOperationResult('admin.orders', query ? { query, limit: 100 } : { limit: 100 }, version);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const refund = async (order: AdminOrder, line: AdminOrder['lines'][number]) => {
    const amount = formatPrice(line.amount, order.currency, language);
    const title = localized(line.title, language);
    if (!window.confirm(t('admin.confirmRefund', { amount, title, buyer: order.buyer.email }))) return;
    const answer = await api.invoke('admin.refund', { orderId: order.id, courseIds: [line.courseId] });
    setMessage(replyMessage(answer, 'admin.refunded', { amount, title }));
    setVersion((v) => v + 1);
  };

  return (
    <div className="admin-list">
      <AdminSearch label={t('admin.findOrder')} onSearch={setQuery} />
      <FormMessage message={message} testId="admin-orders-message" />
      {!reply || !reply.ok ? (
        <AdminListState code={reply ? reply.error.code : null} />
      ) : reply.value.length === 0 ? (
        <p className="empty-state">{t('admin.noOrders')}</p>
      ) : (
        <table className="table" data-testid="admin-orders">
          <thead>
            <tr>
              <th scope="col">{t('orders.date')}</th>
              <th scope="col">{t('admin.buyer')}</th>
              <th scope="col">{t('orders.items')}</th>
              <th scope="col">{t('orders.total')}</th>
              <th scope="col">{t('orders.status')}</th>
            </tr>
          </thead>
          <tbody>
            {reply.value.map((order) => (
              <tr key={order.id} data-testid="admin-order">
                <td>
                  {date.format(order.createdAt)}
                  <div className="mono card__meta">{order.id}</div>
                </td>
                <td>
                  {order.buyer.displayName}
                  <div className="mono card__meta">{order.buyer.email}</div>
                </td>
                <td>
                  <ul className="admin-order-lines">
                    {order.lines.map((line) => (
                      <li key={line.courseId}>
                        {localized(line.title, language)} · {formatPrice(line.amount, order.currency, language)}
                        {line.refunded ? (
                          <span className="badge">{t('orders.status_refunded')}</span>
                        ) : (
                          (order.status === 'paid' || order.status === 'partially_refunded') && (
                            <button
                              type="button"
                              className="button button--small"
                              onClick={() => void refund(order, line)}
                            >
                              {t('admin.refund')}
                            </button>
                          )
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {formatPrice(order.totalAmount, order.currency, language)}
                  {order.testMode && <span className="badge">{t('orders.test')}</span>}
                </td>
                <td>{t(`orders.status_${order.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
