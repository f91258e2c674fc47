import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExerciseAnswered } from '../../../common/contract/exercises.js';
import { displayOf, type ShownQuestion } from '../../../common/exercises/draw.js';
import type { ExerciseProgress } from '../../../common/exercises/mastery.js';
import { parseExercise, type Answer } from '../../../common/exercises/questions.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { ExerciseMarkdown } from './ExerciseMarkdown.js';
import { QuestionInput } from './QuestionInput.js';
import { currentRound } from './rounds.js';

/** The learner's answer to the question on screen, and what grading said of it. */
interface Shown {
  question: ShownQuestion;
  roundNumber: number;
  position: number;
  total: number;
  result: ExerciseAnswered;
}

/**
 * Practising an exercise: one question at a time from the current round, graded at once
 * (on this device, offline too) with its explanation, progress toward mastery always in
 * view. Where the learner is comes from their attempts alone, so reopening resumes the round.
 */
export function ExerciseView({ lessonId, body }: { lessonId: string; body: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const exercise = useMemo(() => parseExercise(body), [body]);
  const state = useSubscription('exercises.watch', { lessonId }).value;
  const [shown, setShown] = useState<Shown | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!exercise) return <p className="banner banner--error">{t('exercise.unreadable')}</p>;
  if (!state) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  const round = currentRound(lessonId, exercise, state.attempts);
  // While a result is on screen, its question stays (even though the next one is already due).
  const current = shown?.question ?? round.questions.find((q) => !round.answered.has(q.question.id))!;
  const roundNumber = shown?.roundNumber ?? round.number;
  const position = Math.max(1, round.questions.findIndex((q) => q.question.id === current.question.id) + 1);
  const initial: Answer | null =
    current.question.type === 'ordering' ? { type: 'ordering', itemIds: current.order } : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = answer ?? initial;
    if (!given) return;
    setBusy(true);
    setError(null);
    const reply = await api.invoke('exercises.answer', {
      lessonId,
      round: round.id,
      questionId: current.question.id,
      answer: given,
    });
    setBusy(false);
    if (reply.ok)
      setShown({
        question: current,
        roundNumber: round.number,
        position,
        total: round.questions.length,
        result: reply.value,
      });
    else setError(`errors.${reply.error.code}`);
  };
  const next = () => {
    setShown(null);
    setAnswer(null);
  };
  const tr = t as unknown as (key: string) => string;

  return (
    <div className="exercise" data-testid="exercise">
      <MasteryMeter progress={shown?.result?.progress ?? state.progress} />
      <form className="card exercise__question" onSubmit={(event) => void submit(event)}>
        <p className="card__meta" data-testid="exercise-position">
          {t('exercise.position', {
            n: shown?.position ?? position,
            total: shown?.total ?? round.questions.length,
            round: roundNumber,
          })}
        </p>
        <div className="exercise__prompt">
          <ExerciseMarkdown text={current.question.prompt} />
        </div>
        <QuestionInput
          key={`${roundNumber}:${current.question.id}`}
          question={displayOf(current)}
          disabled={Boolean(shown?.result) || busy}
          onChange={setAnswer}
        />
        {shown?.result ? (
          <div
            className={
              shown.result.correct
                ? 'exercise__result exercise__result--right'
                : 'exercise__result exercise__result--wrong'
            }
            role="status"
            data-testid="exercise-result"
          >
            <strong>{shown.result.correct ? t('exercise.right') : t('exercise.wrong')}</strong>
            {shown.result.explanation && <ExerciseMarkdown text={shown.result.explanation} />}
            <button type="button" className="button button--primary" onClick={next} autoFocus>
              {t('exercise.next')}
            </button>
          </div>
        ) : (
          <button type="submit" className="button button--primary" disabled={busy || !(answer ?? initial)}>
            {t('exercise.check')}
          </button>
        )}
        {error && (
          <p className="field-message field-message--invalid" role="alert">
            {tr(error)}
          </p>
        )}
      </form>
    </div>
  );
}

/** How far the learner is toward mastery, in the exercise's own terms. */
function MasteryMeter({ progress }: { progress: ExerciseProgress | null }) {
  const { t } = useTranslation();
  if (!progress) return null;
  const share = progress.streak
    ? progress.streak.right / Math.max(1, progress.streak.needed)
    : progress.questionsRight / Math.max(1, progress.asked);
  const label = progress.mastered
    ? t('exercise.mastered')
    : progress.streak
      ? t('exercise.streak', { right: progress.streak.right, of: progress.streak.of, needed: progress.streak.needed })
      : t('exercise.questionsRight', { right: progress.questionsRight, asked: progress.asked });
  return (
    <div className={progress.mastered ? 'mastery mastery--done' : 'mastery'} data-testid="mastery">
      <ProgressBar value={Math.min(1, share)} label={label} />
      <p className="card__meta">
        {label} · {t('exercise.answered', { count: progress.answered })}
      </p>
    </div>
  );
}
