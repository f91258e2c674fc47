import type { ExamRules } from './exam-paper.js';

/** A sitting's answers may be written this long after its deadline (a device's last save, a slow click). */
export const SUBMIT_GRACE_MS = 2 * 60_000;
/** How far ahead of the server a device's clock may run before its times are not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** When a sitting that started at `startedAt` must end: its time limit, or the exam closing, whichever is first. */
export function sittingDeadline(rules: ExamRules, startedAt: number): number | null {
  const limit = rules.timeLimitMinutes !== undefined ? startedAt + rules.timeLimitMinutes * 60_000 : null;
  const close = rules.closesAt ?? null;
  if (limit === null) return close;
  return close === null ? limit : Math.min(limit, close);
}

export type StartRefusal = 'not-open-yet' | 'closed' | 'no-attempts-left' | 'in-progress';

/**
 * Why a new sitting may not start now (null: it may). `sittings` are the learner's sittings
 * of this exam known to the device (its own and those synced from their other devices);
 * `voided` of them do not count against the attempts (the server refused to grade them).
 */
export function startRefusal(
  rules: ExamRules,
  sittings: readonly { status: 'open' | 'submitted'; voided?: boolean }[],
  now: number,
): StartRefusal | null {
  if (sittings.some((s) => s.status === 'open')) return 'in-progress';
  if (rules.opensAt !== undefined && now < rules.opensAt) return 'not-open-yet';
  if (rules.closesAt !== undefined && now >= rules.closesAt) return 'closed';
  if (sittings.filter((s) => !s.voided).length >= rules.attempts) return 'no-attempts-left';
  return null;
}

export type VoidReason = 'too-many-attempts' | 'outside-window' | 'over-time' | 'clock-ahead';

/**
 * Why the server will not grade a submitted sitting (null: it grades it). A device's times
 * are believed within the bounds the server can check: started in the exam's window, not in
 * the server's future, submitted before the deadline (plus a grace), and within the
 * attempts the learner still had when it was graded.
 */
export function voidReason(
  rules: ExamRules,
  sitting: { startedAt: number; submittedAt: number },
  context: { gradedBefore: number; receivedAt: number },
): VoidReason | null {
  if (context.gradedBefore >= rules.attempts) return 'too-many-attempts';
  if (
    sitting.startedAt > context.receivedAt + CLOCK_SKEW_MS ||
    sitting.submittedAt > context.receivedAt + CLOCK_SKEW_MS
  )
    return 'clock-ahead';
  if (rules.opensAt !== undefined && sitting.startedAt < rules.opensAt) return 'outside-window';
  if (rules.closesAt !== undefined && sitting.startedAt >= rules.closesAt) return 'outside-window';
  const deadline = sittingDeadline(rules, sitting.startedAt);
  if (sitting.submittedAt < sitting.startedAt) return 'over-time';
  if (deadline !== null && sitting.submittedAt > deadline + SUBMIT_GRACE_MS) return 'over-time';
  return null;
}
