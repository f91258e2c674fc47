import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExamSittingView, ExamState } from '../../../common/contract/exams.js';
import type { ExamPaper } from '../../../common/exercises/exam-paper.js';
import type { Answer } from '../../../common/exercises/questions.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { formatDateTime as formatDate } from '../screens/format.js';
import { ExamResults } from './ExamResults.js';
import { ExerciseMarkdown } from './ExerciseMarkdown.js';
import { QuestionInput } from './QuestionInput.js';
import './exam.css';

/** Minutes and seconds (hours too, past an hour) of a span in milliseconds. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * An exam: its rules, then a sitting — every question on one page, each answer saved on the
 * device as it is given (a crash resumes it), a clock that hands the paper in when time is up —
 * then the result once the server has graded it (offline sittings: when the device syncs).
 */
export function ExamView({ lessonId }: { lessonId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const state = useSubscription('exams.watch', { lessonId }).value;
  // Results may be waiting on the server: ask once when the exam is opened (harmless offline).
  useEffect(() => void api.invoke('exams.refreshResults', {}), [api, lessonId]);

  if (!state) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (!state.paper) return <p className="banner banner--error">{t('exercise.unreadable')}</p>;
  const open = state.sittings.find((s) => s.status === 'open');
  return (
    <div className="exam" data-testid="exam">
      {open ? (
        <Sitting key={open.id} paper={state.paper} sitting={open} />
      ) : (
        <ExamCover lessonId={lessonId} state={state} paper={state.paper} />
      )}
      <ExamResults state={state} />
    </div>
  );
}

function ExamCover({ lessonId, state, paper }: { lessonId: string; state: ExamState; paper: ExamPaper }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const voided = new Set(state.results.filter((r) => r.status === 'void').map((r) => r.sittingId));
  const left = Math.max(0, paper.attempts - state.sittings.filter((s) => !voided.has(s.id)).length);
  const start = async () => {
    const reply = await api.invoke('exams.start', { lessonId });
    if (!reply.ok) setError(t(`errors.${reply.error.code}`));
  };
  return (
    <section className="card exam__cover" aria-labelledby="exam-rules">
      <h2 id="exam-rules" className="field-group__title">
        {t('exam.rules', { pass: paper.passPercent, questions: paper.questions.length })}
      </h2>
      <ul className="exam__facts">
        <li>
          {paper.timeLimitMinutes ? t('exam.timeLimit', { minutes: paper.timeLimitMinutes }) : t('exam.noTimeLimit')}
        </li>
        <li data-testid="exam-attempts-left">{t('exam.attemptsLeft', { count: left })}</li>
        {paper.opensAt !== undefined && <li>{t('exam.opens', { date: formatDate(paper.opensAt, i18n.language) })}</li>}
        {paper.closesAt !== undefined && (
          <li>{t('exam.closes', { date: formatDate(paper.closesAt, i18n.language) })}</li>
        )}
      </ul>
      <p className="card__meta">{t('exam.offlineNote')}</p>
      {state.refusal ? (
        <p role="status" data-testid="exam-refusal">
          {t(`exam.refusal_${state.refusal}`)}
        </p>
      ) : (
        <ConfirmedAction
          id="exam-confirm-start"
          label={t('exam.start')}
          question={t('exam.confirmStart')}
          onConfirm={() => void start()}
        />
      )}
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Sitting({ paper, sitting }: { paper: ExamPaper; sitting: ExamSittingView }) {
  const { t } = useTranslation();
  const api = useApi();
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const answered = Object.keys(sitting.answers).length;
  const total = paper.questions.length;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const remaining = sitting.deadline === null ? null : sitting.deadline - now;
  const submit = async () => {
    const reply = await api.invoke('exams.submit', { sittingId: sitting.id });
    if (!reply.ok) setError(t(`errors.${reply.error.code}`));
  };
  // Time is up: the core seals the sitting with the answers given (also when this screen is closed).
  useEffect(() => {
    if (remaining !== null && remaining <= 0) void api.invoke('exams.submit', { sittingId: sitting.id });
  }, [api, remaining, sitting.id]);
  const save = async (questionId: string, answer: Answer | null) => {
    const reply = await api.invoke('exams.answer', { sittingId: sitting.id, questionId, answer });
    setError(reply.ok ? null : t(`errors.${reply.error.code}`));
  };

  return (
    <form className="exam__sitting" onSubmit={(event) => event.preventDefault()} data-testid="exam-sitting">
      <div className="exam__bar" role="status">
        {remaining !== null && (
          <strong className={remaining < 60_000 ? 'exam__clock exam__clock--low' : 'exam__clock'}>
            {t('exam.timeLeft', { time: clock(remaining) })}
          </strong>
        )}
        <ProgressBar value={answered / total} label={t('exam.answered', { answered, total })} />
        <span className="card__meta">
          {t('exam.answered', { answered, total })} · {t('exam.saved')}
        </span>
      </div>
      <ol className="exam__questions">
        {paper.questions.map((question, index) => (
          <li key={question.id} className="card exam__question" data-testid="exam-question">
            <p className="card__meta">{t('exam.question', { n: index + 1 })}</p>
            <div className="exercise__prompt">
              <ExerciseMarkdown text={question.prompt} />
            </div>
            <QuestionInput
              question={question}
              initial={sitting.answers[question.id]}
              disabled={false}
              onChange={(answer) => void save(question.id, answer)}
            />
          </li>
        ))}
      </ol>
      <ConfirmedAction
        id="exam-confirm-submit"
        card
        label={t('exam.submit')}
        question={answered < total ? t('exam.confirmSubmit', { count: total - answered }) : t('exam.confirmSubmitAll')}
        onConfirm={() => void submit()}
      />
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** A button that asks first: the question with the action again and "keep working", until answered. */
function ConfirmedAction(props: {
  id: string;
  label: string;
  question: string;
  card?: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
        {props.label}
      </button>
    );
  return (
    <div className={props.card ? 'card exam__confirm' : 'exam__confirm'} role="alertdialog" aria-labelledby={props.id}>
      <p id={props.id}>{props.question}</p>
      <div className="inline-form">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setConfirming(false);
            props.onConfirm();
          }}
          autoFocus
        >
          {props.label}
        </button>
        <button type="button" className="button" onClick={() => setConfirming(false)}>
          {t('exam.cancel')}
        </button>
      </div>
    </div>
  );
}
