import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionImport } from '../../../common/exercises/gift-import.js';
import type { Exercise, MasteryRule, Question } from '../../../common/exercises/questions.js';
import { useApi } from '../api/hooks.js';
import { ExerciseMarkdown } from '../exercise/ExerciseMarkdown.js';

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
 * An exercise in the studio: its questions (imported from GIFT or CSV — previewed with every
 * problem by line, nothing taken while one remains), how it is mastered, and how many
 * questions a round draws. Every change is saved in the draft at once.
 */
export function ExerciseEditor({ body, onSave }: { body: string; onSave: (text: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [exercise, setExercise] = useState(() => readExerciseDraft(body));
  const [preview, setPreview] = useState<QuestionImport | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { file: useId(), rule: useId(), m: useId(), n: useId(), percent: useId(), draw: useId() };
  const save = (next: ExerciseDraft) => {
    setExercise(next);
    onSave(JSON.stringify(next));
  };
  const choose = async (file: File) => {
    setBusy(true);
    const format = /\.csv$/i.test(file.name) ? 'csv' : 'gift';
    const reply = await api.invoke('drafts.parseQuestions', { format, text: await file.text() });
    setBusy(false);
    setPreview(
      reply.ok ? reply.value : { questions: [], problems: [{ line: 1, message: t(`errors.${reply.error.code}`) }] },
    );
  };
  const keep = () => {
    if (!preview) return;
    // Imported ids are renumbered after the questions already there, so none collides.
    const taken = new Set(exercise.questions.map((q) => q.id));
    let n = exercise.questions.length;
    const added = preview.questions.map((q) => {
      let id = `q${++n}`;
      while (taken.has(id)) id = `q${++n}`;
      return { ...q, id };
    });
    save({ ...exercise, questions: [...exercise.questions, ...added] });
    setPreview(null);
  };
  const setRule = (mastery: MasteryRule) => save({ ...exercise, mastery });

  return (
    <div className="exercise-editor" data-testid="exercise-editor">
      <div className="exercise-editor__import">
        <label htmlFor={ids.file} className="button">
          {t('studio.importQuestions')}
        </label>
        <input
          id={ids.file}
          type="file"
          className="visually-hidden"
          accept=".gift,.txt,.csv,text/plain,text/csv"
          disabled={busy}
          data-testid="questions-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void choose(file);
            event.target.value = '';
          }}
        />
        <p className="field-group__help">{t('studio.importHelp')}</p>
      </div>
      {preview && (
        <div className="card exercise-editor__preview" role="status" data-testid="questions-preview">
          {preview.problems.length > 0 ? (
            <>
              <p>{t('studio.importProblems', { count: preview.problems.length })}</p>
              <ul>
                {preview.problems.map((problem, i) => (
                  <li key={i} data-testid="question-problem">
                    {t('institution.line', { line: problem.line })} {problem.message}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('studio.importReady', { count: preview.questions.length })}</p>
          )}
          <div className="inline-form">
            <button
              type="button"
              className="button button--primary"
              disabled={preview.problems.length > 0}
              onClick={keep}
            >
              {t('studio.importKeep')}
            </button>
            <button type="button" className="button" onClick={() => setPreview(null)}>
              {t('studio.cancel')}
            </button>
          </div>
        </div>
      )}

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

      <ol className="exercise-editor__questions" aria-label={t('studio.questions')}>
        {exercise.questions.length === 0 && <li className="empty-state">{t('studio.noQuestions')}</li>}
        {exercise.questions.map((question) => (
          <li key={question.id} className="exercise-editor__question" data-testid="exercise-question">
            <span className="badge">{t(`studio.questionType_${question.type}`)}</span>
            <ExerciseMarkdown text={question.prompt} inline />
            <button
              type="button"
              className="button button--small"
              aria-label={t('studio.removeQuestion', { id: question.id })}
              onClick={() => {
                const questions = exercise.questions.filter((q) => q.id !== question.id);
                const { draw, ...rest } = exercise;
                save({ ...rest, questions, ...(draw && draw < questions.length ? { draw } : {}) });
              }}
            >
              {t('studio.remove')}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <div className="field exercise-editor__number">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="text-input"
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => {
          const value = Math.round(Number(event.target.value));
          if (Number.isFinite(value) && value >= props.min && value <= props.max) props.onChange(value);
        }}
      />
    </div>
  );
}
