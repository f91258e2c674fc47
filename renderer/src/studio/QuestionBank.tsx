import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionImport } from '../../../common/exercises/gift-import.js';
import type { Question } from '../../../common/exercises/questions.js';
import { useApi } from '../api/hooks.js';
import { ExerciseMarkdown } from '../exercise/ExerciseMarkdown.js';

/**
 * The questions of an exercise or an exam in the studio: imported from GIFT or CSV (previewed
 * with every problem by line, nothing taken while one remains), listed, removed. `onChange`
 * gets the whole new list; imported ids are renumbered after those already there.
 */
export function QuestionBank({
  questions,
  onChange,
}: {
  questions: Question[];
  onChange: (questions: Question[]) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [preview, setPreview] = useState<QuestionImport | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { file: useId() };
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
    const taken = new Set(questions.map((q) => q.id));
    let n = questions.length;
    const added = preview.questions.map((q) => {
      let id = `q${++n}`;
      while (taken.has(id)) id = `q${++n}`;
      return { ...q, id };
    });
    onChange([...questions, ...added]);
    setPreview(null);
  };

  return (
    <>
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

      <ol className="exercise-editor__questions" aria-label={t('studio.questions')}>
        {questions.length === 0 && <li className="empty-state">{t('studio.noQuestions')}</li>}
        {questions.map((question) => (
          <li key={question.id} className="exercise-editor__question" data-testid="exercise-question">
            <span className="badge">{t(`studio.questionType_${question.type}`)}</span>
            <ExerciseMarkdown text={question.prompt} inline />
            <button
              type="button"
              className="button button--small"
              aria-label={t('studio.removeQuestion', { id: question.id })}
              onClick={() => onChange(questions.filter((q) => q.id !== question.id))}
            >
              {t('studio.remove')}
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
