import { describe, expect, it } from 'vitest';
import { examSchema, newExamBody, parseExam } from './exam.js';
import { answerFromPaper, examPaper, examPaperText, gradeExam, parseExamPaper } from './exam-paper.js';

/** Any deterministic hash will do for these rules (common code takes it from its caller): FNV-1a, eight ways. */
const hash = (text: string) =>
  Array.from({ length: 8 }, (_, seed) => {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  }).join('');

const exam = examSchema.parse({
  format: 'zhiku-exam',
  version: 1,
  questions: [
    {
      id: 'q1',
      type: 'multiple',
      prompt: 'Primes?',
      options: ['2', '4', '5'].map((text, i) => ({ id: `o${i}`, text })),
      correct: ['o0', 'o2'],
      explanation: 'secret explanation',
    },
    { id: 'q2', type: 'truefalse', prompt: 'Sky blue?', correct: true },
    {
      id: 'q3',
      type: 'matching',
      prompt: 'Capitals',
      pairs: [
        { id: 'cn', left: '中国', right: '北京' },
        { id: 'fr', left: 'France', right: 'Paris' },
        { id: 'jp', left: '日本', right: '東京' },
      ],
    },
    { id: 'q4', type: 'fill', prompt: 'π to 2 places', accepted: [], numeric: { value: 3.14, tolerance: 0.005 } },
    {
      id: 'q5',
      type: 'ordering',
      prompt: 'Count',
      items: ['i1', 'i2', 'i3', 'i4'].map((id, i) => ({ id, text: String(i + 1) })),
    },
  ],
  passPercent: 60,
  attempts: 1,
  secret: 'abcdefabcdefabcdefabcdefabcdefab',
});

describe('exam papers', () => {
  it('carry the questions and rules but nothing of the key', () => {
    const text = examPaperText(exam, hash);
    for (const leaked of ['correct', 'explanation', 'numeric', '3.14', exam.secret, '"o0"', '"cn"', '"i1"'])
      expect(text).not.toContain(leaked);
    const paper = parseExamPaper(text)!;
    expect(paper.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    const matching = paper.questions[2]!;
    if (matching.type !== 'matching') throw new Error('matching expected');
    // Left and right halves of a pair never share an id.
    const leftIds = new Set(matching.left.map((l) => l.id));
    expect(matching.right.some((r) => leftIds.has(r.id))).toBe(false);
  });

  it('never list options in the order written, whatever shuffleOptions says', () => {
    const written = examSchema.parse({
      ...exam,
      shuffleOptions: false,
      questions: [
        {
          id: 'w',
          type: 'single',
          prompt: 'Right first, as GIFT writes it',
          options: 'abcdefgh'.split('').map((id) => ({ id, text: `option ${id}` })),
          correct: 'a',
        },
      ],
    });
    const shown = examPaper(written, hash).questions[0]!;
    if (shown.type !== 'single') throw new Error('single expected');
    const order = shown.options.map((o) => o.text);
    expect([...order].sort()).toEqual('abcdefgh'.split('').map((id) => `option ${id}`));
    expect(order).toEqual([...shown.options].sort((a, b) => (a.id < b.id ? -1 : 1)).map((o) => o.text));
  });

  it('are the same bytes every time (the device and server agree on their SHA-256), and change with the secret', () => {
    expect(examPaperText(exam, hash)).toBe(examPaperText(structuredClone(exam), hash));
    expect(examPaperText({ ...exam, secret: 'f'.repeat(32) }, hash)).not.toBe(examPaperText(exam, hash));
  });

  it('map answers given on the paper back to the exam’s ids', () => {
    const paper = examPaper(exam, hash);
    const q3 = paper.questions[2]!;
    const q5 = paper.questions[4]!;
    if (q3.type !== 'matching' || q5.type !== 'ordering') throw new Error('unexpected');
    const rightOf = (text: string) => q3.right.find((r) => r.text === text)!.id;
    const given = {
      type: 'matching' as const,
      matches: { [q3.left[0]!.id]: rightOf('北京'), [q3.left[1]!.id]: rightOf('東京') },
    };
    expect(answerFromPaper(exam, exam.questions[2]!, given, hash)).toEqual({
      type: 'matching',
      matches: { cn: 'cn', fr: 'jp' },
    });
    const order = ['1', '2', '3', '4'].map((t) => q5.items.find((i) => i.text === t)!.id);
    expect(answerFromPaper(exam, exam.questions[4]!, { type: 'ordering', itemIds: order }, hash)).toEqual({
      type: 'ordering',
      itemIds: ['i1', 'i2', 'i3', 'i4'],
    });
    // An id the paper never had stays unknown (and so is wrong), never an error.
    expect(answerFromPaper(exam, exam.questions[0]!, { type: 'multiple', optionIds: ['o0'] }, hash)).toEqual({
      type: 'multiple',
      optionIds: ['?o0'],
    });
  });

  it('grade by hand-computed cases: unanswered is wrong, the pass mark is inclusive', () => {
    const paper = examPaper(exam, hash);
    const q1 = paper.questions[0]!;
    const q3 = paper.questions[2]!;
    if (q1.type !== 'multiple' || q3.type !== 'matching') throw new Error('unexpected');
    const primes = q1.options.filter((o) => o.text !== '4').map((o) => o.id);
    const all = Object.fromEntries(
      q3.left.map((l, i) => [l.id, q3.right.find((r) => r.text === ['北京', 'Paris', '東京'][i])!.id]),
    );
    // 3 of 5 right = 60 % = the pass mark.
    expect(
      gradeExam(
        exam,
        {
          q1: { type: 'multiple', optionIds: primes },
          q2: { type: 'truefalse', value: true },
          q3: { type: 'matching', matches: all },
          q4: { type: 'fill', text: '3.15' },
        },
        hash,
      ),
    ).toEqual({ right: 3, total: 5, percent: 60, passed: true });
    // 2 of 5: 40 %, failed; q4 within tolerance (3.144 is 0.004 from 3.14).
    expect(
      gradeExam(exam, { q2: { type: 'truefalse', value: true }, q4: { type: 'fill', text: '3.144' } }, hash),
    ).toEqual({ right: 2, total: 5, percent: 40, passed: false });
    expect(gradeExam(exam, {}, hash)).toEqual({ right: 0, total: 5, percent: 0, passed: false });
  });

  it('start empty and are refused until they have a question', () => {
    expect(parseExam(newExamBody('0'.repeat(32)))).toBeNull();
    expect(parseExam(JSON.stringify({ ...exam, opensAt: 10, closesAt: 5 }))).toBeNull();
    expect(parseExam(JSON.stringify(exam))).not.toBeNull();
  });
});
