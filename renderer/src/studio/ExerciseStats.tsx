import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import { useOperationResult } from '../api/hooks.js';
import { ExerciseMarkdown } from '../exercise/ExerciseMarkdown.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from '../screens/format.js';

/**
 * How learners answer the creator's exercises and exams, per question: the share answered right
 * (as a bar), the most common wrong answer, and where learners stop (for an exam: left it
 * unanswered) — counts only, never who.
 */
export function ExerciseStats({ drafts }: { drafts: CourseDraftDoc[] }) {
  const withExercises = drafts.filter(
    (draft) =>
      draft.publishedRevision !== undefined &&
      draft.lessons.some((lesson) => lesson.kind === 'exercise' || lesson.kind === 'exam'),
  );
  return withExercises.length > 0 ? <ExerciseStatsOf courses={withExercises} /> : null;
}

function ExerciseStatsOf({ courses: withExercises }: { courses: CourseDraftDoc[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [chosen, setChosen] = useState<string | null>(null);
  const courseId = chosen ?? withExercises[0]!.id;
  const reply = useOperationResult('creator.questionStats', { courseId });

  return (
    <section className="dashboard" aria-labelledby="exercise-stats-title" data-testid="exercise-stats">
      <h2 id="exercise-stats-title" className="field-group__title">
        {t('studio.exerciseStats')}
      </h2>
      {withExercises.length > 1 && (
        <label className="select-label">
          {t('studio.course')}
          <select className="select" value={courseId} onChange={(event) => setChosen(event.target.value)}>
            {withExercises.map((draft) => (
              <option key={draft.id} value={draft.id}>
                {localized(draft.title, language)}
              </option>
            ))}
          </select>
        </label>
      )}
      {!reply ? (
        <div className="skeleton" aria-hidden="true" />
      ) : !reply.ok ? (
        <p className="banner banner--warn" role="status">
          {t(`errors.${reply.error.code}`)}
        </p>
      ) : (
        reply.value.lessons.map((lesson) => (
          <div key={lesson.lessonId}>
            <h3 className="field-group__title">
              {lesson.kind === 'exam' && <span className="badge">{t('course.kind_exam')}</span>}{' '}
              {localized(lesson.title, language)} ·{' '}
              <span className="card__meta">{t('studio.statsLearners', { count: lesson.learners })}</span>
            </h3>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('studio.statsQuestion')}</th>
                  <th scope="col">{t('studio.statsRight')}</th>
                  <th scope="col">{t('studio.statsCommonWrong')}</th>
                  <th scope="col">{t('studio.statsStopped')}</th>
                </tr>
              </thead>
              <tbody>
                {lesson.questions.map((question) => {
                  const share = question.answers ? question.right / question.answers : 0;
                  return (
                    <tr key={question.questionId} data-testid="question-stat">
                      <td>
                        <ExerciseMarkdown text={question.prompt} inline />
                      </td>
                      <td>
                        <ProgressBar value={share} label={t('studio.statsRight')} />
                        <span className="card__meta">
                          {question.answers
                            ? t('studio.statsRightOf', {
                                percent: Math.round(share * 100),
                                count: question.answers,
                              })
                            : '—'}
                        </span>
                      </td>
                      <td>
                        {question.commonWrong ? `${question.commonWrong.label} (${question.commonWrong.count})` : '—'}
                      </td>
                      <td>{question.stoppedHere}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))
      )}
    </section>
  );
}
