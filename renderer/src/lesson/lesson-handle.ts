import type { NoteDoc } from '../../../common/collections/index.js';
import { mergeRanges, type SeenRange } from '../../../common/learning/seen-ranges.js';

export type Anchor = NoteDoc['anchor'];

/** What the lesson view asks of a reader or player: where the learner is, and to go somewhere. */
export interface LessonHandle {
  /** The current place, for a bookmark or a note; a text reader returns the selection when there is one. */
  currentAnchor(): Anchor;
  jumpTo(anchor: Anchor): void;
}

export interface ViewerProps {
  resumeAt: number;
  /**
   * Reports the position (and the length in the same unit) as the learner moves, with what
   * was actually seen since the lesson opened (ranges of shares, 0–1); the view saves it.
   */
  onPosition: (position: number, length: number, seen: SeenRange[]) => void;
}

/** What a viewer has shown since it opened: add ranges as they are seen, read the union. */
export function seenTracker(): { add: (from: number, to: number) => void; ranges: () => SeenRange[] } {
  let ranges: SeenRange[] = [];
  return {
    add(from, to) {
      if (Number.isFinite(from) && Number.isFinite(to) && to > from) ranges = mergeRanges(ranges, [[from, to]]);
    },
    ranges: () => ranges,
  };
}

/** Calls `save` at most once per `everyMs`, and always with the latest values. */
export function throttled<A extends unknown[]>(
  save: (...args: A) => void,
  everyMs: number,
): { call: (...args: A) => void; flush: () => void } {
  let last = 0;
  let pending: A | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending) {
      const args = pending;
      pending = null;
      last = Date.now();
      save(...args);
    }
  };
  return {
    call: (...args: A) => {
      pending = args;
      const wait = everyMs - (Date.now() - last);
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
  };
}
