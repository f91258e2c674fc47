import { questionSchema, type Question } from './questions.js';

/** A problem in an imported file, by the line it starts on. */
export interface ImportProblem {
  line: number;
  message: string;
}

export interface QuestionImport {
  questions: Question[];
  problems: ImportProblem[];
}

const SPECIAL = /\\([~=#{}:\\])/g;
const unescape = (text: string) => text.replace(SPECIAL, '$1').replace(/\\n/g, '\n');

/** Splits at `separator` characters that are not escaped with a backslash. */
function splitUnescaped(text: string, separators: string): { mark: string; text: string }[] {
  const parts: { mark: string; text: string }[] = [];
  let current = '';
  let mark = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (separators.includes(c)) {
      if (current.trim() || mark) parts.push({ mark, text: current });
      mark = c;
      current = '';
    } else current += c;
  }
  if (current.trim() || mark) parts.push({ mark, text: current });
  return parts;
}

/** The index of the first unescaped `char` at or after `from`, or -1. */
function findUnescaped(text: string, char: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

/** An answer's text and its feedback (after an unescaped #). */
function withFeedback(text: string): { text: string; feedback: string } {
  const hash = findUnescaped(text, '#');
  return hash < 0
    ? { text: unescape(text.trim()), feedback: '' }
    : { text: unescape(text.slice(0, hash).trim()), feedback: unescape(text.slice(hash + 1).trim()) };
}

/** One GIFT question (its text with the answer block) as a Zhiku question, or the reason it cannot be one. */
function convert(block: string, index: number): Question | string {
  let body = block.trim();
  const title = /^::(.*?)::/s.exec(body);
  if (title) body = body.slice(title[0].length).trim();
  body = body.replace(/^\[(markdown|plain|html|moodle)\]/, '').trim();
  const open = findUnescaped(body, '{');
  const close = open < 0 ? -1 : findUnescaped(body, '}', open);
  if (open < 0) return 'a description without an answer block is not a question';
  if (close < 0) return 'the answer block { … } is not closed';
  const before = body.slice(0, open).trim();
  const after = body.slice(close + 1).trim();
  // A missing-word question has text after the answer block: the blank goes where the block was.
  const prompt = unescape(after ? `${before} ___ ${after}` : before);
  let answers = body.slice(open + 1, close).trim();
  let explanation = '';
  const general = answers.indexOf('####');
  if (general >= 0) {
    explanation = unescape(answers.slice(general + 4).trim());
    answers = answers.slice(0, general).trim();
  }
  const id = `q${index + 1}`;
  const base = { id, prompt: prompt || unescape(title?.[1] ?? '') };
  if (!base.prompt) return 'the question has no text';
  const explained = (feedback: string) => (explanation || feedback ? { explanation: explanation || feedback } : {});

  if (answers === '') return 'essay questions (an empty answer block) are graded by people, not imported';
  if (/^(T|TRUE|F|FALSE)(\s*#.*)?$/is.test(answers)) {
    const { text, feedback } = withFeedback(answers);
    return { ...base, type: 'truefalse', correct: /^t/i.test(text), ...explained(feedback) };
  }
  if (answers.startsWith('#')) return numeric(base, answers.slice(1), explanation);

  const parts = splitUnescaped(answers, '=~');
  if (parts.some((p) => p.mark === '')) return 'every answer must start with = (right) or ~ (wrong)';
  if (parts.some((p) => findUnescaped(p.text, '-') >= 0 && /->/.test(p.text))) {
    const pairs = parts.map((p, i) => {
      const arrow = p.text.indexOf('->');
      return {
        id: `p${i + 1}`,
        left: unescape(p.text.slice(0, arrow).trim()),
        right: withFeedback(p.text.slice(arrow + 2)).text,
      };
    });
    if (parts.some((p) => p.mark !== '=' || p.text.indexOf('->') < 0))
      return 'every matching pair is written =left -> right';
    return { ...base, type: 'matching', pairs, ...explained('') };
  }
  const weighted = parts.map((p) => {
    const weight = /^%(-?\d+(?:\.\d+)?)%/.exec(p.text);
    const { text, feedback } = withFeedback(weight ? p.text.slice(weight[0].length) : p.text);
    return { mark: p.mark, weight: weight ? Number(weight[1]) : p.mark === '=' ? 100 : 0, text, feedback };
  });
  if (weighted.some((w) => w.text === '')) return 'an answer is empty';
  if (weighted.every((w) => w.mark === '=')) {
    return { ...base, type: 'fill', accepted: weighted.map((w) => w.text), ...explained(weighted[0]!.feedback) };
  }
  const options = weighted.map((w, i) => ({ id: String.fromCharCode(97 + i), text: w.text }));
  const right = weighted.flatMap((w, i) => (w.weight > 0 ? [options[i]!.id] : []));
  if (right.length === 0) return 'no answer is marked right (=, or a positive %weight%)';
  const feedback = weighted.find((w) => w.weight > 0)?.feedback ?? '';
  return right.length === 1 && weighted.filter((w) => w.mark === '=').length <= 1
    ? { ...base, type: 'single', options, correct: right[0]!, ...explained(feedback) }
    : { ...base, type: 'multiple', options, correct: right, ...explained(feedback) };
}

/** `#value:tolerance`, `#min..max` or `#value`, or several (=…) of which the first full-credit one counts. */
function numeric(base: { id: string; prompt: string }, text: string, explanation: string): Question | string {
  const first = splitUnescaped(text, '=').find((p) => !/^%(?!100%)/.test(p.text.trim()))?.text ?? text;
  const plain = withFeedback(first.replace(/^%100%/, '')).text;
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(plain);
  const tolerance = /^(-?[\d.eE+-]+)(?::([\d.eE+-]+))?$/.exec(plain);
  const value = range
    ? { value: (Number(range[1]) + Number(range[2])) / 2, tolerance: Math.abs(Number(range[2]) - Number(range[1])) / 2 }
    : tolerance
      ? { value: Number(tolerance[1]), tolerance: Number(tolerance[2] ?? 0) }
      : null;
  if (!value || !Number.isFinite(value.value) || !Number.isFinite(value.tolerance))
    return `"${plain}" is not a number, a number:tolerance or a min..max range`;
  return { ...base, type: 'fill', accepted: [], numeric: value, ...(explanation ? { explanation } : {}) };
}

/**
 * Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format): multiple choice (one or
 * several right answers, with %weights%), true/false, short answer, missing word, matching
 * and numerical questions, with titles, feedback (#) and general feedback (####) as the
 * explanation, // comments and escaped special characters. Questions are separated by blank
 * lines. Every problem names the line its question starts on; a file with any problem
 * imports nothing (the caller shows the problems instead).
 */
export function parseGift(text: string): QuestionImport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | null = null;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (/^\s*\/\//.test(line)) return;
    if (line.trim() === '' || /^\$CATEGORY:/.test(line.trim())) {
      if (current) blocks.push(current);
      current = null;
      return;
    }
    if (current) current.text += `\n${line}`;
    else current = { line: index + 1, text: line };
  });
  if (current) blocks.push(current);

  const questions: Question[] = [];
  const problems: ImportProblem[] = [];
  blocks.forEach((block, index) => {
    const converted = convert(block.text, index);
    if (typeof converted === 'string') return problems.push({ line: block.line, message: converted });
    const checked = questionSchema.safeParse(converted);
    if (checked.success) questions.push(checked.data);
    else problems.push({ line: block.line, message: checked.error.issues.map((issue) => issue.message).join('; ') });
  });
  if (blocks.length === 0) problems.push({ line: 1, message: 'the file has no questions' });
  return problems.length > 0 ? { questions: [], problems } : { questions, problems };
}
