import type { LessonDoc } from '../collections/catalog.js';

/**
 * What of a lesson the learner has actually consumed, as ranges of its length in shares
 * (0–1): seconds played of a video, pages shown of a PDF, the stretch of a text that was
 * on screen. Jumping to the end consumes nothing in between, so completion is honest.
 */
export type SeenRange = [number, number];

/**
 * How much of a lesson must be seen for it to count as done: media watched to 90 %, every
 * PDF page, text read to its end. An exercise is done when it is mastered and an exam when it is passed, never by being seen.
 */
export const COMPLETE_SHARE: Record<LessonDoc['kind'], number> = {
  text: 0.98,
  pdf: 0.999,
  audio: 0.9,
  video: 0.9,
  exercise: Number.POSITIVE_INFINITY,
  exam: Number.POSITIVE_INFINITY,
};

/** At most this many separate ranges are kept per lesson; beyond it the closest ones are joined (never losing what was seen). */
export const MAX_RANGES = 24;

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The union of ranges, sorted, with overlapping or touching ones joined; out-of-range values clamped. */
export function mergeRanges(...lists: readonly (readonly SeenRange[] | undefined)[]): SeenRange[] {
  const ranges = lists
    .flatMap((list) => list ?? [])
    .map(([a, b]): SeenRange => [round(clamp(Math.min(a, b))), round(clamp(Math.max(a, b)))])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: SeenRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 0.001) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  while (merged.length > MAX_RANGES) {
    // Join the two neighbours with the smallest gap: a bounded list, at the cost of a sliver counted as seen.
    let best = 0;
    for (let i = 1; i < merged.length - 1; i++)
      if (merged[i + 1]![0] - merged[i]![1] < merged[best + 1]![0] - merged[best]![1]) best = i;
    merged.splice(best, 2, [merged[best]![0], merged[best + 1]![1]]);
  }
  return merged;
}

/** The share of the lesson the ranges cover, 0–1. */
export function coverage(ranges: readonly SeenRange[] | undefined): number {
  return round(mergeRanges(ranges).reduce((sum, [a, b]) => sum + (b - a), 0));
}
