import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Exercise, MasteryRule, Question } from '../../../common/exercises/questions.js';
import { NumberField } from './NumberField.js';
import { QuestionBank } from './QuestionBank.js';

/** The exercise being edited: its body as the draft keeps it (questions may be none yet). */
export type ExerciseDraft = Omit<Exercise, 'questions'> & { questions: Question[] };

export function readExerciseDraft(text: string): ExerciseDraft {
  try {
    const parsed = JSON.parse(text) as Partial<ExerciseDraft>;
    return {
      format: 'zhiku-exercise',
      version: 1,
      questions: Array.isArray(parsed.questions) ? parsed.questions : [],
      shuffleOptions: parsed.shuffleOptions ?? true,
      mastery: parsed.mastery ?? { kind: 'm-of-n', m: 3, n: 5 },
      ...(parsed.draw ? { draw: parsed.draw } : {}),
    };
  } catch {
    return {
      format: 'zhiku-exercise',
      version: 1,
      questions: [],
      shuffleOptions: true,
      mastery: { kind: 'm-of-n', m: 3, n: 5 },
    };
  }
}

/**
 * An exercise in the studio: its questions (QuestionBank), how it is mastered, and how many
 * questions a round draws. Every change is saved in the draft at once.
 */
export function ExerciseEditor({ body, onSave }: { body: string; onSave: (text: string) => void }) {
  const { t } = useTranslation();
  const [exercise, setExercise] = useState(() => readExerciseDraft(body));
  const ids = { rule: useId(), m: useId(), n: useId(), percent: useId(), draw: useId() };
  const save = (next: ExerciseDraft) => {
    setExercise(next);
    onSave(JSON.stringify(next));
  };
  const setRule = (mastery: MasteryRule) => save({ ...exercise, mastery });

  return (
    <div className="exercise-editor" data-testid="exercise-editor">
      <QuestionBank
        questions={exercise.questions}
        onChange={(questions) => {
          const { draw, ...rest } = exercise;
          save({ ...rest, questions, ...(draw && draw < questions.length ? { draw } : {}) });
        }}
      />
      <div className="editor__row">
        <div className="field">
          <label htmlFor={ids.rule}>{t('studio.masteryRule')}</label>
          <select
            id={ids.rule}
            className="select"
            value={exercise.mastery.kind}
            onChange={(event) =>
              setRule(
                event.target.value === 'm-of-n'
                  ? { kind: 'm-of-n', m: 3, n: 5 }
                  : event.target.value === 'score'
                    ? { kind: 'score', percent: 80 }
                    : { kind: 'all-correct' },
              )
            }
          >
            <option value="m-of-n">{t('studio.mastery_m-of-n')}</option>
            <option value="all-correct">{t('studio.mastery_all-correct')}</option>
            <option value="score">{t('studio.mastery_score')}</option>
          </select>
        </div>
        {exercise.mastery.kind === 'm-of-n' && (
          <>
            <NumberField
              id={ids.m}
              label={t('studio.masteryM')}
              value={exercise.mastery.m}
              min={1}
              max={exercise.mastery.n}
              onChange={(m) => setRule({ kind: 'm-of-n', m, n: (exercise.mastery as { n: number }).n })}
            />
            <NumberField
              id={ids.n}
              label={t('studio.masteryN')}
              value={exercise.mastery.n}
              min={1}
              max={50}
              onChange={(n) => setRule({ kind: 'm-of-n', m: Math.min((exercise.mastery as { m: number }).m, n), n })}
            />
          </>
        )}
        {exercise.mastery.kind === 'score' && (
          <NumberField
            id={ids.percent}
            label={t('studio.masteryPercent')}
            value={exercise.mastery.percent}
            min={1}
            max={100}
            onChange={(percent) => setRule({ kind: 'score', percent })}
          />
        )}
        <NumberField
          id={ids.draw}
          label={t('studio.drawCount')}
          value={exercise.draw ?? exercise.questions.length}
          min={1}
          max={Math.max(1, exercise.questions.length)}
          onChange={(draw) => {
            const { draw: _old, ...rest } = exercise;
            save(draw >= exercise.questions.length ? rest : { ...rest, draw });
          }}
        />
      </div>
    </div>
  );
}
