import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import type { DownloadItem } from '../../../common/contract/downloads.js';
import type { CourseAccess, CheckoutStarted } from '../../../common/contract/purchases.js';
import type { ProgressDoc } from '../../../common/collections/index.js';
import { FormMessage } from '../components/FormMessage.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { useOperation } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ProgressBar } from '../components/StarRating.js';
import { MembershipOffers } from './MembershipOffers.js';
import { LocalPrice } from './LocalPrice.js';
import { formatBytes, formatPrice } from '../screens/format.js';

/** Where the course's lessons stand on this device: none yet, some arriving, or all of them. */
export function courseDownloadState(
  items: DownloadItem[],
  courseId: string,
  lessonIds: string[],
): { state: 'none' | 'downloading' | 'complete'; received: number; bytes: number } {
  const mine = items.filter((item) => item.courseId === courseId);
  const complete = new Set(mine.filter((item) => item.status === 'complete').map((item) => item.lessonId));
  const received = mine.reduce((sum, item) => sum + (item.status === 'complete' ? item.bytes : item.received), 0);
  const bytes = mine.reduce((sum, item) => sum + item.bytes, 0);
  if (lessonIds.length > 0 && lessonIds.every((id) => complete.has(id))) return { state: 'complete', received, bytes };
  if (mine.some((item) => item.status === 'downloading')) return { state: 'downloading', received, bytes };
  return { state: 'none', received, bytes };
}

/**
 * The course's price and what the learner can do: buy (the checkout opens by itself),
 * wait for the payment, study, download for offline, redeem a code — or, on their own
 * course, edit it or see it as a learner does.
 */
export function PurchasePanel({
  course,
  access,
  signedIn,
  ownCourse,
  asLearner,
  setAsLearner,
  progress,
  download,
}: {
  course: CourseDoc;
  access: CourseAccess | undefined;
  signedIn: boolean;
  ownCourse: boolean;
  asLearner: boolean;
  setAsLearner: (value: boolean) => void;
  progress: ProgressDoc | null | undefined;
  download: ReturnType<typeof courseDownloadState>;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const checkout = useOperation('purchases.checkout');
  const redeem = useOperation('purchases.redeem');
  const downloadCourse = useOperation('downloads.startCourse');
  const [started, setStarted] = useState<CheckoutStarted | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useFormMessage();
  const [codeMessage, setCodeMessage] = useFormMessage();
  const codeId = useId();
  const free = course.priceAmount === 0;
  const creatorView = ownCourse && !asLearner;
  const owned = free || Boolean(access?.owned) || creatorView;
  const firstLesson = course.sections[0]?.lessonIds[0];

  const buy = async () => {
    setMessage(null);
    // Opened now, while the click still counts as the learner's: a tab opened after the
    // server answers would be blocked. The desktop app opens the system browser instead.
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    const reply = await checkout.run({ courseIds: [course.id] });
    if (!reply.ok) {
      tab?.close();
      setMessage(replyMessage(reply, ''));
      return;
    }
    setStarted(reply.value);
    if (tab && reply.value.checkoutUrl && !reply.value.openedByApp) tab.location.href = reply.value.checkoutUrl;
    else tab?.close();
  };
  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await redeem.run({ code });
    setCodeMessage(replyMessage(reply, 'course.redeemed'));
    if (reply.ok) setCode('');
  };

  return (
    <aside className="purchase-panel card" data-testid="purchase-panel" aria-label={t('course.purchaseLabel')}>
      <p className={free ? 'price price--large price--free' : 'price price--large'} data-testid="course-price">
        {free ? t('catalog.freeLabel') : formatPrice(course.priceAmount, course.currency, language)}
      </p>
      {!free && <LocalPrice amount={course.priceAmount} currency={course.currency} />}
      {creatorView ? (
        <div className="purchase-panel__study">
          <p role="status">{t('course.yours')}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => navigation.go({ screen: 'studio', courseId: course.id, view: 'editor' })}
          >
            {t('course.edit')}
          </button>
          <button type="button" className="button" onClick={() => setAsLearner(true)}>
            {t('course.previewAsLearner')}
          </button>
        </div>
      ) : access?.owned ? (
        <p className="purchase-panel__owned" role="status" data-testid="course-owned">
          {access.throughMembership ? t('memberships.included') : t('course.owned')}
        </p>
      ) : free ? null : course.status === 'archived' ? (
        <p>{t('course.notForSale')}</p>
      ) : ownCourse ? (
        <div className="purchase-panel__study">
          <p role="status">{t('course.learnerView')}</p>
          <button type="button" className="button" onClick={() => setAsLearner(false)}>
            {t('course.backToCreatorView')}
          </button>
        </div>
      ) : !signedIn ? (
        <button type="button" className="button button--primary" onClick={() => navigation.go({ screen: 'account' })}>
          {t('course.signInToBuy')}
        </button>
      ) : access?.pendingOrderId || started ? (
        <div role="status">
          <p>{t('course.pending')}</p>
          {started?.checkoutUrl && (
            <a className="button" href={started.checkoutUrl} target="_blank" rel="noreferrer">
              {t('course.openCheckout')}
            </a>
          )}
        </div>
      ) : (
        <button
          type="button"
          className="button button--primary button--wide"
          disabled={checkout.running}
          onClick={() => void buy()}
        >
          {t('course.buy', { price: formatPrice(course.priceAmount, course.currency, language) })}
        </button>
      )}
      <FormMessage message={message} testId="purchase-message" />
      {signedIn && !owned && !ownCourse && !free && course.status !== 'archived' && (
        <MembershipOffers courseId={course.id} />
      )}
      {owned && firstLesson && !creatorView && (
        <div className="purchase-panel__study">
          <button
            type="button"
            className="button button--primary button--wide"
            onClick={() => navigation.openLesson(course.id, progress?.lastLessonId ?? firstLesson)}
          >
            {progress ? t('home.resume') : t('course.start')}
          </button>
          <DownloadButton
            download={download}
            running={downloadCourse.running}
            onStart={() => void downloadCourse.run({ courseId: course.id })}
          />
          {signedIn && (
            <button
              type="button"
              className="button button--link"
              data-testid="notes-link"
              onClick={() => navigation.go({ screen: navigation.route.screen, courseId: course.id, view: 'notes' })}
            >
              {t('notes.page')}
            </button>
          )}
        </div>
      )}
      {owned && progress && !creatorView && (
        <div data-testid="course-progress">
          <ProgressBar
            value={progress.completion}
            label={t('library.completion', { percent: Math.round(progress.completion * 100) })}
          />
          <p className="card__meta">{t('library.completion', { percent: Math.round(progress.completion * 100) })}</p>
        </div>
      )}
      {signedIn && !owned && !ownCourse && (
        <form className="inline-form" onSubmit={(event) => void submitCode(event)}>
          <label htmlFor={codeId} className="visually-hidden">
            {t('course.redeemCode')}
          </label>
          <input
            id={codeId}
            className="text-input mono"
            placeholder={t('course.redeemCode')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="button" disabled={redeem.running || code.trim().length < 4}>
            {t('course.redeem')}
          </button>
        </form>
      )}
      <FormMessage message={codeMessage} testId="redeem-message" />
    </aside>
  );
}

/** Download for offline: not downloaded / downloading with progress / downloaded with its size. */
function DownloadButton({
  download,
  running,
  onStart,
}: {
  download: ReturnType<typeof courseDownloadState>;
  running: boolean;
  onStart: () => void;
}) {
  const { t, i18n } = useTranslation();
  if (download.state === 'complete')
    return (
      <p className="download-state download-state--done" data-testid="course-download-state" role="status">
        {t('course.downloadedAll', { size: formatBytes(download.bytes, i18n.language) })}
      </p>
    );
  if (download.state === 'downloading') {
    const share = download.bytes > 0 ? download.received / download.bytes : 0;
    return (
      <div className="download-state" data-testid="course-download-state" role="status">
        <ProgressBar value={share} label={t('course.downloading', { percent: Math.round(share * 100) })} />
        <p className="card__meta">{t('course.downloading', { percent: Math.round(share * 100) })}</p>
      </div>
    );
  }
  return (
    <button type="button" className="button button--wide" disabled={running} onClick={onStart}>
      {t('course.downloadAll')}
    </button>
  );
}
