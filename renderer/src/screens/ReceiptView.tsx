import { LocalPrice } from '../course/LocalPrice.js';
import { useTranslation } from 'react-i18next';
import { useSubscription } from '../api/hooks.js';
import { PrintActions } from '../components/PrintActions.js';
import { formatPrice, localized } from './format.js';

/** Orders that took money: they have a receipt. */
export const RECEIPT_STATUSES = new Set(['paid', 'partially_refunded', 'refunded']);

/**
 * A receipt for one order, from what this device holds (so it works offline): who bought
 * what, when, for how much, and what was refunded. Printed without the app around it, so
 * "Print" also makes the PDF (every system's print dialog can save one).
 */
export function ReceiptView({ orderId }: { orderId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const session = useSubscription('account.watchSession', {}).value;
  const library = useSubscription('library.watch', {}).value;
  if (!library || !session) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  const order = library.orders.find((candidate) => candidate.id === orderId);
  const user = session.user;
  if (!order || !user || !RECEIPT_STATUSES.has(order.status))
    return <p className="empty-state">{t('receipt.missing')}</p>;
  const title = (courseId: string) => {
    const entry = library.courses.find((e) => e.course.id === courseId);
    return entry ? localized(entry.course.title, language) : courseId;
  };
  const refunded = order.items.filter((item) => item.refunded).reduce((sum, item) => sum + item.amount, 0);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(order.updatedAt);

  return (
    <section className="screen receipt-screen" aria-labelledby="receipt-title">
      <PrintActions>
        {order.receiptUrl && !order.testMode && (
          <a className="button" href={order.receiptUrl} target="_blank" rel="noreferrer">
            {t('orders.receipt')}
          </a>
        )}
      </PrintActions>
      <article className="receipt card" data-testid="receipt">
        <header className="receipt__head">
          <div>
            <p className="receipt__brand">{t('app.name')}</p>
            <h1 id="receipt-title" tabIndex={-1}>
              {t('receipt.title')}
            </h1>
          </div>
          <dl className="receipt__facts">
            <div>
              <dt>{t('receipt.number')}</dt>
              <dd className="mono">{order.id}</dd>
            </div>
            <div>
              <dt>{t('receipt.date')}</dt>
              <dd>{date}</dd>
            </div>
            <div>
              <dt>{t('orders.status')}</dt>
              <dd>{t(`orders.status_${order.status}`)}</dd>
            </div>
          </dl>
        </header>
        {order.testMode && <p className="banner banner--warn">{t('receipt.testMode')}</p>}
        <section className="receipt__buyer" aria-label={t('receipt.billedTo')}>
          <h2>{t('receipt.billedTo')}</h2>
          <p>
            {user.displayName}
            <br />
            {user.email}
          </p>
        </section>
        <table className="table receipt__lines">
          <thead>
            <tr>
              <th scope="col">{t('orders.items')}</th>
              <th scope="col" className="receipt__amount">
                {t('receipt.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.courseId}>
                <td>
                  {title(item.courseId)}
                  {item.refunded && <span className="badge">{t('orders.status_refunded')}</span>}
                </td>
                <td className="receipt__amount">{formatPrice(item.amount, item.currency, language)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('receipt.total')}</th>
              <td className="receipt__amount">
                {formatPrice(order.totalAmount, order.currency, language)}{' '}
                <LocalPrice amount={order.totalAmount} currency={order.currency} />
              </td>
            </tr>
            {refunded > 0 && (
              <tr>
                <th scope="row">{t('receipt.refunded')}</th>
                <td className="receipt__amount">−{formatPrice(refunded, order.currency, language)}</td>
              </tr>
            )}
          </tfoot>
        </table>
        <p className="card__meta">{t('receipt.footer')}</p>
      </article>
    </section>
  );
}
