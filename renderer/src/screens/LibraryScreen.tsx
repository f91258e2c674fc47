import { useTranslation } from 'react-i18next';
import { useOperationResult, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ProgressBar } from '../components/StarRating.js';
import { CourseCover } from '../components/CourseCover.js';
import { formatBytes, formatPrice, localized } from './format.js';
import { RECEIPT_STATUSES } from './ReceiptView.js';

/** Courses the learner owns, with progress and what is on this device, and their order history. */
export function LibraryScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const session = useSubscription('account.watchSession', {}).value;
  const library = useSubscription('library.watch', {}).value;
  const courseTitle = (courseId: string) => {
    const entry = library?.courses.find((e) => e.course.id === courseId);
    return entry ? localized(entry.course.title, language) : courseId;
  };

  return (
    <section className="screen" aria-labelledby="library-title">
      <header className="catalog-header">
        <h1 id="library-title">{t('library.title')}</h1>
      </header>
      {session?.status !== 'signed-in' ? (
        <p className="empty-state">{t('library.signIn')}</p>
      ) : !library ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : (
        <>
          {library.courses.length === 0 ? (
            <p className="empty-state">{t('library.empty')}</p>
          ) : (
            <ul className="library-list" aria-label={t('library.title')}>
              {library.courses.map((entry) => (
                <li key={entry.course.id} className="card library-item" data-testid="library-course">
                  <CourseCover course={entry.course} language={language} size="thumb" />
                  <div className="library-item__main">
                    <h2 className="course-card__title">
                      <button
                        type="button"
                        className="course-card__link"
                        onClick={() => navigation.openCourse(entry.course.id)}
                      >
                        {localized(entry.course.title, language)}
                      </button>
                    </h2>
                    <ProgressBar
                      value={entry.completion}
                      label={t('library.completion', { percent: Math.round(entry.completion * 100) })}
                    />
                    <p className="card__meta">
                      {t('library.completion', { percent: Math.round(entry.completion * 100) })}
                      {entry.lastStudiedAt &&
                        ` · ${t('library.lastStudied', { date: new Date(entry.lastStudiedAt).toLocaleDateString(language) })}`}
                      {entry.downloadedBytes > 0 &&
                        ` · ${t('downloads.onDevice', { size: formatBytes(entry.downloadedBytes, language) })}`}
                    </p>
                  </div>
                  {entry.lastLessonId && (
                    <button
                      type="button"
                      className="button button--primary"
                      onClick={() => navigation.openLesson(entry.course.id, entry.lastLessonId!)}
                    >
                      {t('home.resume')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <CertificateList />
          <h2 className="field-group__title">{t('orders.title')}</h2>
          {library.orders.length === 0 ? (
            <p className="empty-state">{t('orders.empty')}</p>
          ) : (
            <table className="table" data-testid="orders">
              <thead>
                <tr>
                  <th scope="col">{t('orders.date')}</th>
                  <th scope="col">{t('orders.items')}</th>
                  <th scope="col">{t('orders.total')}</th>
                  <th scope="col">{t('orders.status')}</th>
                </tr>
              </thead>
              <tbody>
                {library.orders.map((order) => (
                  <tr key={order.id}>
                    <td>{new Date(order.createdAt).toLocaleString(language)}</td>
                    <td>{order.items.map((item) => courseTitle(item.courseId)).join('、')}</td>
                    <td>
                      {formatPrice(order.totalAmount, order.currency, language)}
                      {order.testMode && <span className="badge">{t('orders.test')}</span>}
                    </td>
                    <td>
                      {t(`orders.status_${order.status}`)}
                      {RECEIPT_STATUSES.has(order.status) && (
                        <>
                          {' '}
                          ·{' '}
                          <button
                            type="button"
                            className="button button--link"
                            onClick={() => navigation.go({ screen: 'library', view: 'receipt', orderId: order.id })}
                          >
                            {t('receipt.open')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** The learner's certificates (kept on the device: shown offline too), each to view and print. */
function CertificateList() {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const reply = useOperationResult('certificates.list', {});
  if (!reply?.ok || reply.value.certificates.length === 0) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <>
      <h2 className="field-group__title">{t('certificate.listTitle')}</h2>
      <ul className="certificate-list" data-testid="certificates">
        {reply.value.certificates.map((certificate) => (
          <li key={certificate.id} className="card certificate-list__item">
            <div>
              <strong>{localized(certificate.courseTitle, i18n.language)}</strong>
              <p className="card__meta">
                {date.format(certificate.issuedAt)}
                {certificate.revokedAt !== null && ` · ${t('certificate.revoked')}`}
              </p>
            </div>
            <button
              type="button"
              className="button"
              onClick={() => navigation.go({ screen: 'library', view: 'certificate', certificateId: certificate.id })}
            >
              {t('certificate.view')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
