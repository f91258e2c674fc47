import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, SUBMIT_GRACE_MS, sittingDeadline, startRefusal, voidReason } from './exam-sitting.js';

const MIN = 60_000;
const rules = { passPercent: 60, attempts: 2, timeLimitMinutes: 30, opensAt: 1_000 * MIN, closesAt: 2_000 * MIN };

describe('exam sittings', () => {
  it('end at the time limit or when the exam closes, whichever comes first', () => {
    expect(sittingDeadline(rules, 1_100 * MIN)).toBe(1_130 * MIN);
    expect(sittingDeadline(rules, 1_990 * MIN)).toBe(2_000 * MIN);
    expect(sittingDeadline({ passPercent: 50, attempts: 1 }, 5)).toBeNull();
  });

  it('start only inside the window, one at a time, within the attempts not voided', () => {
    expect(startRefusal(rules, [], 999 * MIN)).toBe('not-open-yet');
    expect(startRefusal(rules, [], 2_000 * MIN)).toBe('closed');
    expect(startRefusal(rules, [{ status: 'open' }], 1_500 * MIN)).toBe('in-progress');
    expect(startRefusal(rules, [{ status: 'submitted' }, { status: 'submitted' }], 1_500 * MIN)).toBe(
      'no-attempts-left',
    );
    expect(startRefusal(rules, [{ status: 'submitted' }, { status: 'submitted', voided: true }], 1_500 * MIN)).toBe(
      null,
    );
  });

  it('are void when they break a rule the server can check', () => {
    const start = 1_100 * MIN;
    const ok = { startedAt: start, submittedAt: start + 30 * MIN + SUBMIT_GRACE_MS };
    const context = { gradedBefore: 0, receivedAt: 3_000 * MIN };
    expect(voidReason(rules, ok, context)).toBeNull();
    expect(voidReason(rules, { ...ok, submittedAt: ok.submittedAt + 1 }, context)).toBe('over-time');
    expect(voidReason(rules, { startedAt: 999 * MIN, submittedAt: 1_001 * MIN }, context)).toBe('outside-window');
    expect(voidReason(rules, ok, { ...context, gradedBefore: 2 })).toBe('too-many-attempts');
    expect(voidReason(rules, ok, { gradedBefore: 0, receivedAt: ok.submittedAt - CLOCK_SKEW_MS - 1 })).toBe(
      'clock-ahead',
    );
    expect(voidReason(rules, { startedAt: start, submittedAt: start - 1 }, context)).toBe('over-time');
  });
});
