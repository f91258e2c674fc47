/**
 * Reads an institution's roster: CSV with a header naming an e-mail column and a name column
 * (English or Chinese headers), optionally a role (learner/admin). The CSV itself is read by
 * csv-parse: quoted fields, commas and line breaks inside quotes, CRLF, LF or CR line ends and a
 * UTF-8 BOM. Every problem is reported with its line number; nothing is skipped silently.
 */
import { CsvError, parse } from 'csv-parse/sync';

export interface RosterRow {
  line: number;
  email: string;
  displayName: string;
  role: 'learner' | 'admin';
}

export interface RosterProblem {
  line: number;
  message: string;
}

export const MAX_ROSTER_ROWS = 20_000;
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]{2,}$/;
const HEADERS = {
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮箱', '邮件'],
  name: ['name', 'display name', 'displayname', 'full name', '姓名', '名字', '昵称'],
  role: ['role', '角色'],
} as const;

/** Splits CSV text into records of fields (csv-parse), with the line each record starts on. */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  // `lines` is where a record ends; one with line breaks inside quotes started that many lines earlier.
  const breaks = (fields: string[]) =>
    fields.reduce((sum, field) => sum + (field.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_record: (fields: string[], context) => {
      if (fields.some((f) => f.trim() !== '')) records.push({ line: context.lines - breaks(fields), fields });
      return null;
    },
  });
  return records;
}

/** A file csv-parse cannot read at all (a quote never closed): one problem on its line. */
function unreadable(error: unknown): RosterProblem | null {
  if (!(error instanceof CsvError)) return null;
  const line = (error as CsvError & { lines?: number }).lines ?? 1;
  return {
    line,
    message:
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? `A quote opened on line ${line} is never closed.`
        : `This line cannot be read as CSV (${error.code}).`,
  };
}

export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  let records: { line: number; fields: string[] }[];
  try {
    records = csvRecords(text);
  } catch (error) {
    const problem = unreadable(error);
    if (!problem) throw error;
    return { rows: [], problems: [problem] };
  }
  const problems: RosterProblem[] = [];
  const header = records[0];
  if (!header) return { rows: [], problems: [{ line: 1, message: 'The file is empty.' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = (aliases: readonly string[]) => names.findIndex((n) => aliases.includes(n));
  const emailAt = column(HEADERS.email);
  const nameAt = column(HEADERS.name);
  const roleAt = column(HEADERS.role);
  if (emailAt < 0 || nameAt < 0)
    return {
      rows: [],
      problems: [
        {
          line: header.line,
          message: 'The first line must name an e-mail column and a name column (for example: email,name,role).',
        },
      ],
    };
  if (records.length - 1 > MAX_ROSTER_ROWS)
    return {
      rows: [],
      problems: [{ line: header.line, message: `At most ${MAX_ROSTER_ROWS.toLocaleString('en')} learners per file.` }],
    };
  const rows: RosterRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of records.slice(1)) {
    const email = (fields[emailAt] ?? '').trim().toLowerCase();
    const displayName = (fields[nameAt] ?? '').trim();
    const roleText = roleAt < 0 ? '' : (fields[roleAt] ?? '').trim().toLowerCase();
    if (fields.length !== names.length)
      problems.push({ line, message: `Expected ${names.length} fields, found ${fields.length}.` });
    else if (!EMAIL.test(email) || email.length > 254)
      problems.push({ line, message: `“${email || '(empty)'}” is not an e-mail address.` });
    else if (displayName === '' || displayName.length > 80)
      problems.push({ line, message: 'A name of 1 to 80 characters is needed.' });
    else if (roleText !== '' && !['learner', 'admin', '学员', '管理员'].includes(roleText))
      problems.push({ line, message: `Unknown role “${roleText}” (learner or admin).` });
    else if (firstLineOf.has(email))
      problems.push({ line, message: `${email} is already on line ${firstLineOf.get(email)}.` });
    else {
      firstLineOf.set(email, line);
      rows.push({
        line,
        email,
        displayName,
        role: roleText === 'admin' || roleText === '管理员' ? 'admin' : 'learner',
      });
    }
  }
  return { rows, problems };
}
