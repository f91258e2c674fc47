import { describe, expect, it } from 'vitest';
import { isCorrect, normalizeAnswerText, parseNumericAnswer } from './grading.js';
import { questionSchema, type Question } from './questions.js';

const q = (question: unknown): Question => questionSchema.parse(question);
const options = [
  { id: 'a', text: '栈' },
  { id: 'b', text: '队列' },
  { id: 'c', text: '堆' },
];

describe('grading, by hand-computed cases', () => {
  it('normalises width, case and spaces, and leaves Chinese alone', () => {
    expect(normalizeAnswerText('  ＡＢＣ　１２  ')).toBe('abc 12');
    expect(normalizeAnswerText('Big  O\tNotation')).toBe('big o notation');
    expect(normalizeAnswerText(' 二分查找 ')).toBe('二分查找');
  });

  it('reads numbers with signs, decimals, exponents, thousands separators and full-width digits', () => {
    expect(parseNumericAnswer('３.１４')).toBe(3.14);
    expect(parseNumericAnswer('-0.5')).toBe(-0.5);
    expect(parseNumericAnswer('1,000.5')).toBe(1000.5);
    expect(parseNumericAnswer('1e3')).toBe(1000);
    expect(parseNumericAnswer('.5')).toBe(0.5);
    for (const notNumber of ['', '1,00', '3.14.15', 'three', '12abc', '1,0000'])
      expect(parseNumericAnswer(notNumber)).toBeNull();
  });

  it('single and multiple choice: the option, and exactly the right set', () => {
    const single = q({ id: 'q1', type: 'single', prompt: '后进先出的是？', options, correct: 'a' });
    expect(isCorrect(single, { type: 'single', optionId: 'a' })).toBe(true);
    expect(isCorrect(single, { type: 'single', optionId: 'b' })).toBe(false);
    const multiple = q({ id: 'q2', type: 'multiple', prompt: '线性结构有？', options, correct: ['a', 'b'] });
    expect(isCorrect(multiple, { type: 'multiple', optionIds: ['b', 'a'] })).toBe(true);
    expect(isCorrect(multiple, { type: 'multiple', optionIds: ['a'] })).toBe(false);
    expect(isCorrect(multiple, { type: 'multiple', optionIds: ['a', 'b', 'c'] })).toBe(false);
    expect(isCorrect(multiple, { type: 'multiple', optionIds: ['a', 'a'] })).toBe(false);
    // An answer of another type is wrong, not an error.
    expect(isCorrect(single, { type: 'truefalse', value: true })).toBe(false);
  });

  it('true or false', () => {
    const tf = q({ id: 'q3', type: 'truefalse', prompt: '快速排序是稳定的。', correct: false });
    expect(isCorrect(tf, { type: 'truefalse', value: false })).toBe(true);
    expect(isCorrect(tf, { type: 'truefalse', value: true })).toBe(false);
  });

  it('fill in the blank: any accepted text, or a number within tolerance', () => {
    const text = q({ id: 'q4', type: 'fill', prompt: '查找有序数组用___', accepted: ['二分查找', 'Binary Search'] });
    expect(isCorrect(text, { type: 'fill', text: ' 二分查找 ' })).toBe(true);
    expect(isCorrect(text, { type: 'fill', text: 'ＢＩＮＡＲＹ　ｓｅａｒｃｈ' })).toBe(true);
    expect(isCorrect(text, { type: 'fill', text: 'binarysearch' })).toBe(false);
    expect(isCorrect(text, { type: 'fill', text: '   ' })).toBe(false);
    const pi = q({
      id: 'q5',
      type: 'fill',
      prompt: 'π ≈ ?',
      accepted: [],
      numeric: { value: 3.14159, tolerance: 0.01 },
    });
    expect(isCorrect(pi, { type: 'fill', text: '3.14' })).toBe(true);
    expect(isCorrect(pi, { type: 'fill', text: '３.１５' })).toBe(true);
    expect(isCorrect(pi, { type: 'fill', text: '3.13' })).toBe(false);
    const exact = q({
      id: 'q6',
      type: 'fill',
      prompt: '0.1 + 0.2 = ?',
      accepted: [],
      numeric: { value: 0.3, tolerance: 0 },
    });
    expect(isCorrect(exact, { type: 'fill', text: String(0.1 + 0.2) })).toBe(true);
    expect(isCorrect(exact, { type: 'fill', text: '0.31' })).toBe(false);
  });

  it('ordering and matching: every item in place, every pair matched', () => {
    const ordering = q({
      id: 'q7',
      type: 'ordering',
      prompt: '按时间复杂度从小到大排列',
      items: [
        { id: 'c', text: 'O(1)' },
        { id: 'l', text: 'O(log n)' },
        { id: 'n', text: 'O(n)' },
      ],
    });
    expect(isCorrect(ordering, { type: 'ordering', itemIds: ['c', 'l', 'n'] })).toBe(true);
    expect(isCorrect(ordering, { type: 'ordering', itemIds: ['l', 'c', 'n'] })).toBe(false);
    expect(isCorrect(ordering, { type: 'ordering', itemIds: ['c', 'l'] })).toBe(false);
    const matching = q({
      id: 'q8',
      type: 'matching',
      prompt: '配对',
      pairs: [
        { id: 'p1', left: '栈', right: 'LIFO' },
        { id: 'p2', left: '队列', right: 'FIFO' },
      ],
    });
    expect(isCorrect(matching, { type: 'matching', matches: { p1: 'p1', p2: 'p2' } })).toBe(true);
    expect(isCorrect(matching, { type: 'matching', matches: { p1: 'p2', p2: 'p1' } })).toBe(false);
    expect(isCorrect(matching, { type: 'matching', matches: { p1: 'p1' } })).toBe(false);
  });

  it('refuses questions that cannot be answered right', () => {
    expect(questionSchema.safeParse({ id: 'x', type: 'single', prompt: '?', options, correct: 'z' }).success).toBe(
      false,
    );
    expect(questionSchema.safeParse({ id: 'x', type: 'fill', prompt: '?', accepted: [] }).success).toBe(false);
    expect(
      questionSchema.safeParse({ id: 'x', type: 'single', prompt: '?', options: [options[0]], correct: 'a' }).success,
    ).toBe(false);
  });
});
