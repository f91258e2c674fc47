/**
 * Questions from a spreadsheet (docs/exercises.md): a header row, then one question per row
 * with the columns `type`, `prompt`, `options`, `answer`, `explanation` (English or Chinese
 * headers). Options are separated by `|`. Read by csv-parse (quotes, commas and line breaks
 * inside quotes, a UTF-8 BOM). Every problem names its line; a file with any problem imports
 * nothing.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { ImportProblem, QuestionImport } from '../../../common/exercises/gift-import.js';
import { questionSchema } from '../../../common/exercises/questions.js';

const HEADERS: Record<string, 'type' | 'prompt' | 'options' | 'answer' | 'explanation'> = {
  type: 'type',
  题型: 'type',
  prompt: 'prompt',
  question: 'prompt',
  题目: 'prompt',
  options: 'options',
  选项: 'options',
  answer: 'answer',
  答案: 'answer',
  explanation: 'explanation',
  解析: 'explanation',
};
const TYPES: Record<string, 'single' | 'multiple' | 'truefalse' | 'fill' | 'numeric' | 'ordering' | 'matching'> = {
  single: 'single',
  单选: 'single',
  multiple: 'multiple',
  多选: 'multiple',
  truefalse: 'truefalse',
  判断: 'truefalse',
  fill: 'fill',
  填空: 'fill',
  numeric: 'numeric',
  数值: 'numeric',
  ordering: 'ordering',
  排序: 'ordering',
  matching: 'matching',
  配对: 'matching',
};
const TRUE = new Set(['true', 't', 'yes', '对', '正确', '是']);
const FALSE = new Set(['false', 'f', 'no', '错', '错误', '否']);

const list = (text: string) =>
  text
    .split('|')
    .map((item) => item.trim())
    .filter(Boolean);

/** 1-based option numbers ("2", "1|3") as option ids, or null when one is out of range. */
function chosen(answer: string, count: number): string[] | null {
  const numbers = list(answer).map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > count)) return null;
  return numbers.map((n) => String.fromCharCode(96 + n));
}

function toQuestion(row: Record<string, string>, id: string): unknown {
  const type = TYPES[(row.type ?? '').trim().toLowerCase()];
  const base = {
    id,
    prompt: (row.prompt ?? '').trim(),
    ...(row.explanation?.trim() ? { explanation: row.explanation.trim() } : {}),
  };
  const options = list(row.options ?? '');
  const answer = (row.answer ?? '').trim();
  const lettered = options.map((text, i) => ({ id: String.fromCharCode(97 + i), text }));
  switch (type) {
    case 'single':
    case 'multiple': {
      const right = chosen(answer, options.length);
      if (!right) return `answer must name option numbers from 1 to ${options.length} (e.g. 2, or 1|3)`;
      if (type === 'single' && right.length !== 1) return 'a single-choice question has exactly one right option';
      return type === 'single'
        ? { ...base, type, options: lettered, correct: right[0] }
        : { ...base, type, options: lettered, correct: right };
    }
    case 'truefalse': {
      const value = answer.toLowerCase();
      if (!TRUE.has(value) && !FALSE.has(value)) return 'answer must be true or false (对 or 错)';
      return { ...base, type, correct: TRUE.has(value) };
    }
    case 'fill':
      return { ...base, type, accepted: options.length ? options : list(answer) };
    case 'numeric': {
      const match = /^(-?[\d.]+(?:e[+-]?\d+)?)\s*(?:(?:±|\+-|:)\s*([\d.]+(?:e[+-]?\d+)?))?$/i.exec(answer);
      if (!match) return 'answer must be a number, optionally with a tolerance (3.14±0.01)';
      return {
        ...base,
        type: 'fill',
        accepted: [],
        numeric: { value: Number(match[1]), tolerance: Number(match[2] ?? 0) },
      };
    }
    case 'ordering':
      return { ...base, type, items: lettered };
    case 'matching': {
      const pairs = options.map((pair, i) => {
        const [left, right] = pair.split(/=>|→/).map((side) => side.trim());
        return { id: `p${i + 1}`, left: left ?? '', right: right ?? '' };
      });
      if (pairs.some((p) => !p.left || !p.right)) return 'every matching option is written left => right';
      return { ...base, type, pairs };
    }
    default:
      return `unknown type "${row.type ?? ''}" (single, multiple, truefalse, fill, numeric, ordering or matching)`;
  }
}

export function parseQuestionCsv(text: string): QuestionImport {
  let records: { line: number; cells: string[] }[];
  try {
    // `info.lines` is where a record ends; one with line breaks inside quotes began that many lines earlier.
    const parsed = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    records = parsed.map(({ record, info }) => ({
      line: info.lines - record.reduce((sum, cell) => sum + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
      cells: record,
    }));
  } catch (error) {
    const line = error instanceof CsvError && typeof error.lines === 'number' ? error.lines : 1;
    return { questions: [], problems: [{ line, message: error instanceof Error ? error.message : String(error) }] };
  }
  const [header, ...rows] = records;
  const columns = (header?.cells ?? []).map((name) => HEADERS[name.trim().toLowerCase()]);
  if (!columns.includes('type') || !columns.includes('prompt') || !columns.includes('answer'))
    return {
      questions: [],
      problems: [{ line: 1, message: 'the header must name the columns type, prompt and answer' }],
    };
  const problems: ImportProblem[] = [];
  const questions: QuestionImport['questions'] = [];
  rows.forEach(({ line, cells }) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const row: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column) row[column] = cells[i] ?? '';
    });
    const converted = toQuestion(row, `q${questions.length + problems.length + 1}`);
    if (typeof converted === 'string') return problems.push({ line, message: converted });
    const checked = questionSchema.safeParse(converted);
    if (checked.success) questions.push(checked.data);
    else problems.push({ line, message: checked.error.issues.map((issue) => issue.message).join('; ') });
  });
  if (questions.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'the file has no questions' });
  return problems.length > 0 ? { questions: [], problems } : { questions, problems };
}
