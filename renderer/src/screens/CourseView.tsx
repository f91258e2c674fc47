import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckoutStarted } from '../../../common/contract/purchases.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { ProgressBar } from '../components/StarRating.js';
import { AlsoTook, PredictedStars } from './AlsoTook.js';
import { CourseReviews } from './CourseReviews.js';
import { formatBytes, formatPrice, localized } from './format.js';

/** One course: outline with free previews and what is downloaded, price and buying, progress, rating and reviews. */
export function CourseView({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const access = useSubscription('library.watchCourseAccess', { courseId }).value;
  const session = useSubscription('account.watchSession', {}).value;
  const progress = useSubscription('progress.watchCourse', { courseId }).value;
  const downloads = useSubscription('downloads.watch', {}).value;
  const checkout = useOperation('purchases.checkout');
  const redeem = useOperation('purchases.redeem');
  const downloadCourse = useOperation('downloads.startCourse');
  const [started, setStarted] = useState<CheckoutStarted | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const codeId = useId();

  if (detail === undefined) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (detail === null) return <p className="empty-state">{t('course.missing')}</p>;
  const { course, lessons } = detail;
  const signedIn = session?.status === 'signed-in';
  const free = course.priceAmount === 0;
  const owned = free || Boolean(access?.owned);
  const downloadOf = (lessonId: string) => downloads?.items.find((item) => item.lessonId === lessonId);
  const courseBytes =
    downloads?.items
      .filter((item) => item.courseId === courseId && item.status === 'complete')
      .reduce((sum, item) => sum + item.bytes, 0) ?? 0;
  const doneLessons = new Set(progress?.lessons.filter((l) => l.completed).map((l) => l.lessonId));
  const firstLesson = course.sections[0]?.lessonIds[0];

  const buy = async () => {
    setMessage(null);
    const reply = await checkout.run({ courseIds: [course.id] });
    if (reply.ok) setStarted(reply.value);
    else setMessage(t(`errors.${reply.error.code}`));
  };
  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await redeem.run({ code });
    setMessage(reply.ok ? t('course.redeemed') : t(`errors.${reply.error.code}`));
  };

  return (
    <section className="screen" aria-labelledby="course-title">
      <button type="button" className="button button--link back-link" onClick={() => navigation.back()}>
        ← {t('course.back')}
      </button>
      <header className="hero">
        {course.cover && (
          <img
            className="cover cover--hero"
            src={`covers/${course.id}?v=${course.cover.sha256.slice(0, 12)}`}
            alt=""
            data-testid="course-cover"
          />
        )}
        <div className="course-card__category">{localized(course.categoryName, language)}</div>
        <h1 id="course-title">{localized(course.title, language)}</h1>
        <p className="lead">{localized(course.description, language)}</p>
        <p className="card__meta">
          {localized(course.creatorName, language)} · {t('catalog.lessons', { count: course.lessonCount })}
        </p>
      </header>
      <div className="purchase-panel card" data-testid="purchase-panel">
        {free ? (
          <p className="price price--free">{t('course.getFree')}</p>
        ) : access?.owned ? (
          <p className="price price--free" role="status">
            {t('course.owned')}
          </p>
        ) : course.status === 'archived' ? (
          <p>{t('course.notForSale')}</p>
        ) : !signedIn ? (
          <p>{t('course.signInToBuy')}</p>
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
            className="button button--primary"
            disabled={checkout.running}
            onClick={() => void buy()}
          >
            {t('course.buy', { price: formatPrice(course.priceAmount, course.currency, language) })}
          </button>
        )}
        {owned && firstLesson && (
          <div className="purchase-panel__study">
            <button
              type="button"
              className="button button--primary"
              onClick={() => navigation.openLesson(course.id, progress?.lastLessonId ?? firstLesson)}
            >
              {progress ? t('home.resume') : t('course.start')}
            </button>
            <button
              type="button"
              className="button"
              disabled={downloadCourse.running}
              onClick={() => void downloadCourse.run({ courseId })}
            >
              {t('course.downloadAll')}
            </button>
            {signedIn && (
              <button
                type="button"
                className="button button--link"
                data-testid="notes-link"
                onClick={() => navigation.go({ screen: navigation.route.screen, courseId, view: 'notes' })}
              >
                {t('notes.page')}
              </button>
            )}
          </div>
        )}
        {owned && progress && (
          <ProgressBar
            value={progress.completion}
            label={t('library.completion', { percent: Math.round(progress.completion * 100) })}
          />
        )}
        {owned && (
          <p className="card__meta" data-testid="course-progress">
            {progress && t('library.completion', { percent: Math.round(progress.completion * 100) })}
            {courseBytes > 0 && ` · ${t('downloads.onDevice', { size: formatBytes(courseBytes, language) })}`}
          </p>
        )}
        {signedIn && !owned && (
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
        {message && <p className="field-message">{message}</p>}
      </div>
      <div>
        <h2 className="field-group__title">{t('course.outline')}</h2>
        {course.sections.map((section) => (
          <div key={section.id} className="outline-section">
            <h3>{localized(section.title, language)}</h3>
            <ol className="outline-lessons">
              {section.lessonIds.map((lessonId) => {
                const lesson = lessons.find((l) => l.id === lessonId);
                if (!lesson) return null;
                const open = owned || lesson.freePreview;
                const download = downloadOf(lesson.id);
                return (
                  <li key={lesson.id} className="outline-lesson">
                    <span className="outline-lesson__kind">{t(`course.kind_${lesson.kind}`)}</span>
                    {open ? (
                      <button
                        type="button"
                        className="button button--link outline-lesson__open"
                        onClick={() => navigation.openLesson(course.id, lesson.id)}
                      >
                        {localized(lesson.title, language)}
                      </button>
                    ) : (
                      <span>{localized(lesson.title, language)}</span>
                    )}
                    {lesson.freePreview && !owned && <span className="badge">{t('course.preview')}</span>}
                    {doneLessons.has(lesson.id) && <span className="badge badge--ok">{t('course.done')}</span>}
                    {download?.status === 'complete' && (
                      <span className="badge" title={formatBytes(download.bytes, language)}>
                        {t('downloads.downloaded')}
                      </span>
                    )}
                    {download?.status === 'downloading' && (
                      <span className="badge">
                        {Math.round((download.received / Math.max(1, download.bytes)) * 100)}%
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </div>
      <PredictedStars courseId={course.id} />
      <CourseReviews course={course} canRate={signedIn && owned} />
      <AlsoTook courseId={course.id} />
    </section>
  );
}
