import { lessonsRequired } from '../../../common/learning/completion-rules.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonDoc } from '../../../common/collections/index.js';
import { useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { AlsoTook, PredictedStars } from '../screens/AlsoTook.js';
import { CourseReviews } from '../screens/CourseReviews.js';
import { CourseAbout } from './CourseAbout.js';
import { CourseHero } from './CourseHero.js';
import { CourseOutline } from './CourseOutline.js';
import { CourseCompletion } from './CourseCompletion.js';
import { courseDownloadState, PurchasePanel } from './PurchasePanel.js';

/**
 * A course's landing page: what it is and teaches, its outline with lengths, who teaches
 * it, its price and reviews. Owners study and download from here; its creator sees it as
 * a learner does on request.
 */
export function CourseView({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const access = useSubscription('library.watchCourseAccess', { courseId }).value;
  const session = useSubscription('account.watchSession', {}).value;
  const progress = useSubscription('progress.watchCourse', { courseId }).value;
  const downloads = useSubscription('downloads.watch', {}).value;
  const [asLearner, setAsLearner] = useState(false);

  if (detail === undefined) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (detail === null) return <p className="empty-state">{t('course.missing')}</p>;
  const { course, lessons } = detail;
  const signedIn = session?.status === 'signed-in';
  const ownCourse = signedIn && session.user?.id === course.creatorId;
  const owned = course.priceAmount === 0 || Boolean(access?.owned) || (ownCourse && !asLearner);
  const canOpen = (lesson: LessonDoc) => owned || lesson.freePreview;
  const reachable = lessons.filter(canOpen).map((lesson) => lesson.id);
  const done = new Set(progress?.lessons.filter((l) => l.completed).map((l) => l.lessonId));

  return (
    <section className="screen course-page" aria-labelledby="course-title">
      <button type="button" className="button button--link back-link" onClick={() => navigation.back()}>
        ← {t('course.back')}
      </button>
      <CourseHero course={course} />
      <div className="course-page__columns">
        <div className="course-page__main">
          <CourseAbout course={course} />
          <CourseOutline
            course={course}
            lessons={lessons}
            canOpen={canOpen}
            done={done}
            downloadOf={(lessonId) => downloads?.items.find((item) => item.lessonId === lessonId)}
          />
          {signedIn && owned && !ownCourse && (
            <CourseCompletion courseId={course.id} lessons={lessonsRequired(course.completion, lessons)} done={done} />
          )}
          <PredictedStars courseId={course.id} />
          <CourseReviews course={course} canRate={signedIn && owned && !ownCourse} />
          <AlsoTook courseId={course.id} />
        </div>
        <PurchasePanel
          course={course}
          access={access}
          signedIn={signedIn}
          ownCourse={ownCourse}
          asLearner={asLearner}
          setAsLearner={setAsLearner}
          progress={progress}
          download={courseDownloadState(downloads?.items ?? [], course.id, reachable)}
        />
      </div>
    </section>
  );
}
