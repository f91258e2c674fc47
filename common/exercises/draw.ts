import type { DisplayQuestion } from './exam-paper.js';
import type { Exercise, Question } from './questions.js';

/** A small, fast generator of numbers in [0, 1) from a 32-bit state (mulberry32). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit hash of a text (FNV-1a), to seed a round from its id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A question as shown in a round: its options (or items, or right-hand column) in the round's order. */
export interface ShownQuestion {
  question: Question;
  /** Option ids (single, multiple), item ids (ordering) or pair ids of the right column (matching), as shown. */
  order: string[];
}

/**
 * One round of an exercise: its questions drawn (when it asks fewer than it has) and their
 * options shuffled, from the round's seed — so reopening a round after a crash, or on
 * another device, shows exactly the same questions in the same order.
 */
export function drawRound(
  exercise: Pick<Exercise, 'questions' | 'draw' | 'shuffleOptions'>,
  seed: string,
): ShownQuestion[] {
  const random = generator(hash(seed));
  const questions =
    exercise.draw !== undefined && exercise.draw < exercise.questions.length
      ? shuffled(exercise.questions, random).slice(0, exercise.draw)
      : [...exercise.questions];
  return questions.map((question) => {
    const ids =
      question.type === 'single' || question.type === 'multiple'
        ? question.options.map((o) => o.id)
        : question.type === 'ordering'
          ? question.items.map((i) => i.id)
          : question.type === 'matching'
            ? question.pairs.map((p) => p.id)
            : [];
    // Ordering and matching are always shuffled (shown in order they would answer themselves).
    const shuffle = exercise.shuffleOptions || question.type === 'ordering' || question.type === 'matching';
    return { question, order: shuffle ? shuffled(ids, random) : ids };
  });
}

/** A question of a round as the learner sees it (nothing of its key): options, items and right column in the round's order. */
export function displayOf({ question, order }: ShownQuestion): DisplayQuestion {
  const { id, prompt } = question;
  switch (question.type) {
    case 'single':
    case 'multiple':
      return {
        id,
        type: question.type,
        prompt,
        options: order.map((optionId) => question.options.find((o) => o.id === optionId)!),
      };
    case 'truefalse':
    case 'fill':
      return { id, type: question.type, prompt };
    case 'ordering':
      return {
        id,
        type: 'ordering',
        prompt,
        items: order.map((itemId) => question.items.find((i) => i.id === itemId)!),
      };
    case 'matching':
      return {
        id,
        type: 'matching',
        prompt,
        left: question.pairs.map((p) => ({ id: p.id, text: p.left })),
        right: order.map((pairId) => {
          const pair = question.pairs.find((p) => p.id === pairId)!;
          return { id: pair.id, text: pair.right };
        }),
      };
  }
}
