import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Exam } from '../../../common/exercises/exam.js';
import type { Question } from '../../../common/exercises/questions.js';
import { NumberField } from './NumberField.js';
import { QuestionBank } from './QuestionBank.js';

/** The exam being edited: its body as the draft keeps it (questions may be none yet). */
export type ExamDraft = Omit<Exam, 'questions'> & { questions: Question[] };

export function readExamDraft(text: string): ExamDraft {
  const parsed = (() => {
    try {
      return JSON.parse(text) as Partial<ExamDraft>;
    } catch {
      // A body that is not JSON (never written by this editor) starts as an empty exam.
      return {};
    }
  })();
  return {
    format: 'zhiku-exam',
    version: 1,
    questions: Array.isArray(parsed.questions) ? parsed.questions : [],
    passPercent: parsed.passPercent ?? 60,
    attempts: parsed.attempts ?? 1,
    shuffleOptions: parsed.shuffleOptions ?? true,
    // The secret is made by the core with the lesson and kept as it is; the editor never shows it.
    secret: parsed.secret ?? '',
    ...(parsed.timeLimitMinutes ? { timeLimitMinutes: parsed.timeLimitMinutes } : {}),
    ...(parsed.opensAt !== undefined ? { opensAt: parsed.opensAt } : {}),
    ...(parsed.closesAt !== undefined ? { closesAt: parsed.closesAt } : {}),
  };
}

/** A `datetime-local` value in the device's time zone, and back. */
const toLocalInput = (at: number | undefined) => {
  if (at === undefined) return '';
  const date = new Date(at);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).getTime() : undefined);

/**
 * An exam in the studio: its questions (QuestionBank) and the rules of a sitting — the pass
 * mark, the attempts, an optional time limit and availability window. Learners get only
 * the paper; the answers stay with the creator and the server.
 */
export function ExamEditor({ body, onSave }: { body: string; onSave: (text: string) => void }) {
  const { t } = useTranslation();
  const [exam, setExam] = useState(() => readExamDraft(body));
  const ids = { pass: useId(), attempts: useId(), limit: useId(), opens: useId(), closes: useId() };
  const save = (next: ExamDraft) => {
    setExam(next);
    onSave(JSON.stringify(next));
  };
  const set = <K extends keyof ExamDraft>(key: K, value: ExamDraft[K] | undefined) => {
    const { [key]: _old, ...rest } = exam;
    save((value === undefined ? rest : { ...rest, [key]: value }) as ExamDraft);
  };
  const windowWrong = exam.opensAt !== undefined && exam.closesAt !== undefined && exam.opensAt >= exam.closesAt;

  return (
    <div className="exercise-editor" data-testid="exam-editor">
      <p className="field-group__help">{t('studio.examHelp')}</p>
      <QuestionBank questions={exam.questions} onChange={(questions) => save({ ...exam, questions })} />
      <div className="editor__row">
        <NumberField
          id={ids.pass}
          label={t('studio.examPassPercent')}
          value={exam.passPercent}
          min={1}
          max={100}
          onChange={(passPercent) => set('passPercent', passPercent)}
        />
        <NumberField
          id={ids.attempts}
          label={t('studio.examAttempts')}
          value={exam.attempts}
          min={1}
          max={20}
          onChange={(attempts) => set('attempts', attempts)}
        />
        <NumberField
          id={ids.limit}
          label={t('studio.examTimeLimit')}
          value={exam.timeLimitMinutes ?? 0}
          min={0}
          max={600}
          onChange={(minutes) => set('timeLimitMinutes', minutes > 0 ? minutes : undefined)}
        />
      </div>
      <div className="editor__row">
        <div className="field">
          <label htmlFor={ids.opens}>{t('studio.examOpensAt')}</label>
          <input
            id={ids.opens}
            className="text-input"
            type="datetime-local"
            value={toLocalInput(exam.opensAt)}
            onChange={(event) => set('opensAt', fromLocalInput(event.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.closes}>{t('studio.examClosesAt')}</label>
          <input
            id={ids.closes}
            className="text-input"
            type="datetime-local"
            value={toLocalInput(exam.closesAt)}
            aria-invalid={windowWrong}
            onChange={(event) => set('closesAt', fromLocalInput(event.target.value))}
          />
        </div>
      </div>
      {windowWrong && (
        <p className="field-message field-message--invalid" role="alert">
          {t('studio.examWindowWrong')}
        </p>
      )}
    </div>
  );
}
