import type { NoteDoc } from '../../../common/collections/index.js';

export type Anchor = NoteDoc['anchor'];

/** What the lesson view asks of a reader or player: where the learner is, and to go somewhere. */
export interface LessonHandle {
  /** The current place, for a bookmark or a note; a text reader returns the selection when there is one. */
  currentAnchor(): Anchor;
  jumpTo(anchor: Anchor): void;
}

export interface ViewerProps {
  resumeAt: number;
  /** Reports the position (and the length in the same unit) as the learner moves; the view saves it. */
  onPosition: (position: number, length: number) => void;
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
