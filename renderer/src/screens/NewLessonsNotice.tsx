import { useTranslation } from 'react-i18next';
import type { NewLesson } from '../../../common/contract/learning.js';
import { useOperation } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { localized } from './format.js';

/**
 * The in-app notice of new lessons in the learner's columns: each with its course and when it
 * came out, a button that opens it, and "Got it" to dismiss the notice until the next release.
 */
export function NewLessonsNotice({ lessons }: { lessons: NewLesson[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const dismiss = useOperation('home.dismissNewLessons');
  if (lessons.length === 0) return null;
  return (
    <section className="banner banner--info new-lessons" aria-labelledby="new-lessons-title" data-testid="new-lessons">
      <h2 id="new-lessons-title" className="field-group__title">
        {t('columns.newLessons', { count: lessons.length })}
      </h2>
      <ul className="new-lessons__list">
        {lessons.map((lesson) => (
          <li key={lesson.lessonId}>
            <button
              type="button"
              className="button button--link"
              onClick={() => navigation.openLesson(lesson.courseId, lesson.lessonId)}
            >
              {localized(lesson.lessonTitle, language)}
            </button>{' '}
            <span className="card__meta">
              {localized(lesson.courseTitle, language)} ·{' '}
              {new Date(lesson.releasedAt).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' })}
            </span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--small"
        disabled={dismiss.running}
        onClick={() => void dismiss.run({})}
      >
        {t('columns.gotIt')}
      </button>
    </section>
  );
}
