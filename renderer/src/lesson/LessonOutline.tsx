import { useTranslation } from 'react-i18next';
import type { CourseDoc, LessonDoc, ProgressDoc } from '../../../common/collections/index.js';
import { useNavigation } from '../app/navigation.js';
import { formatDuration, localized } from '../screens/format.js';

/** The course's outline beside a lesson: where the learner is, what is done, and a click away from any lesson they may open. */
export function LessonOutline({
  course,
  lessons,
  currentId,
  progress,
  canOpen,
}: {
  course: CourseDoc;
  lessons: LessonDoc[];
  currentId: string;
  progress: ProgressDoc | null | undefined;
  canOpen: (lesson: LessonDoc) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigation = useNavigation();
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const done = new Set(progress?.lessons.filter((entry) => entry.completed).map((entry) => entry.lessonId));
  return (
    <nav className="lesson-outline" aria-label={t('lesson.outline')} data-testid="lesson-outline">
      {course.sections.map((section) => (
        <div key={section.id} className="lesson-outline__section">
          <h2 className="lesson-outline__title">{localized(section.title, language)}</h2>
          <ol>
            {section.lessonIds.flatMap((id) => {
              const lesson = byId.get(id);
              if (!lesson) return [];
              const current = lesson.id === currentId;
              return (
                <li key={lesson.id}>
                  <button
                    type="button"
                    className={current ? 'lesson-outline__item lesson-outline__item--current' : 'lesson-outline__item'}
                    aria-current={current ? 'page' : undefined}
                    disabled={!canOpen(lesson)}
                    onClick={() => navigation.openLesson(course.id, lesson.id)}
                  >
                    <span
                      className={
                        done.has(lesson.id) ? 'lesson-outline__mark lesson-outline__mark--done' : 'lesson-outline__mark'
                      }
                    >
                      {done.has(lesson.id) ? '✓' : ''}
                      <span className="visually-hidden">{done.has(lesson.id) ? t('course.done') : ''}</span>
                    </span>
                    <span className="lesson-outline__name">{localized(lesson.title, language)}</span>
                    <span className="lesson-outline__meta">
                      {t(`course.kind_${lesson.kind}`)}
                      {lesson.durationSeconds > 0 && ` · ${formatDuration(lesson.durationSeconds, language)}`}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </nav>
  );
}
