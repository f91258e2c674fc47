import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExamState } from '../../../common/contract/exams.js';
import { useApi } from '../api/hooks.js';
import { formatDateTime } from '../screens/format.js';

/**
 * The learner's sittings of an exam, newest first: graded ones with their score (and a chart
 * of every graded attempt against the pass mark), sealed ones waiting for the server, and
 * void ones with why they were not graded.
 */
export function ExamResults({ state }: { state: ExamState }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [checking, setChecking] = useState(false);
  const sealed = state.sittings.filter((s) => s.status === 'submitted').reverse();
  if (sealed.length === 0 || !state.paper) return null;
  const pass = state.paper.passPercent;
  const results = new Map(state.results.map((r) => [r.sittingId, r]));
  const graded = state.results.filter((r) => r.status === 'graded').sort((a, b) => a.attempt - b.attempt);
  const check = async () => {
    setChecking(true);
    await api.invoke('exams.refreshResults', {});
    setChecking(false);
  };

  return (
    <section className="card exam__results" aria-labelledby="exam-history" data-testid="exam-results">
      <h2 id="exam-history" className="field-group__title">
        {t('exam.history')}
      </h2>
      {graded.length > 0 && (
        <ScoreChart scores={graded.map((r) => ({ attempt: r.attempt, percent: r.percent }))} pass={pass} />
      )}
      <ul className="exam__history">
        {sealed.map((sitting) => {
          const result = results.get(sitting.id);
          return (
            <li key={sitting.id} data-testid="exam-sitting-result">
              {result?.status === 'graded' ? (
                <>
                  <span className={result.passed ? 'badge badge--ok' : 'badge badge--warning'}>
                    {result.passed ? t('exam.passed') : t('exam.failed')}
                  </span>{' '}
                  <strong>{t('exam.attempt', { n: result.attempt })}</strong> ·{' '}
                  {t('exam.score', { right: result.right, total: result.total, percent: result.percent })}
                </>
              ) : result?.status === 'void' ? (
                <span>{t('exam.void', { reason: t(`exam.void_${result.voidReason ?? 'over-time'}`) })}</span>
              ) : (
                <span role="status">
                  {t('exam.waiting', { date: formatDateTime(sitting.submittedAt, i18n.language) })}{' '}
                  <button
                    type="button"
                    className="button button--small"
                    disabled={checking}
                    onClick={() => void check()}
                  >
                    {t('exam.checkNow')}
                  </button>
                </span>
              )}
              {sitting.sealedBy === 'time' && <p className="card__meta">{t('exam.sealedByTime')}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Each graded attempt's score as a bar, the pass mark as a line across them. */
function ScoreChart({ scores, pass }: { scores: { attempt: number; percent: number }[]; pass: number }) {
  const { t } = useTranslation();
  const width = 40 + scores.length * 56;
  const height = 120;
  const y = (percent: number) => 10 + (100 - percent) * 0.9;
  const label = scores.map((s) => `${t('exam.attempt', { n: s.attempt })}: ${s.percent} %`).join(', ');
  return (
    <svg
      className="exam__chart"
      viewBox={`0 0 ${width} ${height + 20}`}
      width={width}
      height={height + 20}
      role="img"
      aria-label={`${label} (${pass} %)`}
    >
      {scores.map((score, i) => (
        <g key={score.attempt}>
          <rect
            x={30 + i * 56}
            y={y(score.percent)}
            width={36}
            height={Math.max(1, y(0) - y(score.percent))}
            className={score.percent >= pass ? 'exam__bar-pass' : 'exam__bar-fail'}
          />
          <text x={48 + i * 56} y={y(score.percent) - 3} textAnchor="middle" className="exam__chart-label">
            {score.percent}%
          </text>
          <text x={48 + i * 56} y={height + 14} textAnchor="middle" className="exam__chart-label">
            {score.attempt}
          </text>
        </g>
      ))}
      <line x1={20} x2={width - 4} y1={y(pass)} y2={y(pass)} className="exam__pass-line" />
      <text x={2} y={y(pass) + 4} className="exam__chart-label">
        {pass}
      </text>
    </svg>
  );
}
