import type { Answer, Question } from './questions.js';

/**
 * A typed answer as compared: Unicode NFKC (full-width letters, digits and spaces become
 * their half-width forms: "ＡＢＣ\u3000１２" reads "ABC 12"), lower case, spaces collapsed and
 * trimmed. Chinese is unchanged by all of it.
 */
export function normalizeAnswerText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The number in a typed answer, or null: digits with an optional sign, decimal point and
 * exponent; commas only as thousands separators ("1,000.5"); after normalising, so
 * full-width digits count ("３.１４").
 */
export function parseNumericAnswer(text: string): number | null {
  const plain = normalizeAnswerText(text);
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(e[+-]?\d+)?$|^[+-]?\.\d+(e[+-]?\d+)?$/.test(plain)) return null;
  const value = Number(plain.replaceAll(',', ''));
  return Number.isFinite(value) ? value : null;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set(a).size === a.length && a.every((x) => b.includes(x));

/**
 * Whether an answer is right. Every rule is exact and the same on every device and on the
 * server: single choice (the option), multiple choice (exactly the right set), true/false,
 * fill in the blank (any accepted text after normalising, or a number within tolerance),
 * ordering (every item in place) and matching (every pair matched). An answer of another
 * type than its question is wrong, never an error.
 */
export function isCorrect(question: Question, answer: Answer): boolean {
  switch (question.type) {
    case 'single':
      return answer.type === 'single' && answer.optionId === question.correct;
    case 'multiple':
      return answer.type === 'multiple' && sameSet(answer.optionIds, question.correct);
    case 'truefalse':
      return answer.type === 'truefalse' && answer.value === question.correct;
    case 'fill': {
      if (answer.type !== 'fill') return false;
      const typed = normalizeAnswerText(answer.text);
      if (typed === '') return false;
      if (question.accepted.some((accepted) => normalizeAnswerText(accepted) === typed)) return true;
      if (!question.numeric) return false;
      const value = parseNumericAnswer(answer.text);
      // A tiny allowance for binary fractions (0.1 + 0.2), far below any tolerance a person sets.
      const slack = 1e-9 * Math.max(1, Math.abs(question.numeric.value));
      return value !== null && Math.abs(value - question.numeric.value) <= question.numeric.tolerance + slack;
    }
    case 'ordering':
      return (
        answer.type === 'ordering' &&
        answer.itemIds.length === question.items.length &&
        question.items.every((item, index) => answer.itemIds[index] === item.id)
      );
    case 'matching':
      return (
        answer.type === 'matching' &&
        Object.keys(answer.matches).length === question.pairs.length &&
        question.pairs.every((pair) => answer.matches[pair.id] === pair.id)
      );
  }
}
