/**
 * Reads an institution's roster: CSV with a header naming an e-mail column and a name column
 * (English or Chinese headers), optionally a role (learner/admin). Quoted fields, commas and
 * line breaks inside quotes, CRLF and a UTF-8 BOM are handled. Every problem is reported with
 * its line number; nothing is skipped silently.
 */
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

/** Splits CSV text into records of fields, with the line each record starts on. */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += char;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records.filter((record) => record.fields.some((f) => f.trim() !== ''));
}

export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  const records = csvRecords(text);
  const problems: RosterProblem[] = [];
  const header = records[0];
  if (!header) return { rows: [], problems: [{ line: 1, message: 'The file is empty.' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = (aliases: readonly string[]) => names.findIndex((n) => aliases.includes(n));
  const emailAt = column(HEADERS.email);
  const nameAt = column(HEADERS.name);
  const roleAt = column(HEADERS.role);
  if (emailAt < 0 || nameAt < 0) return { rows: [], problems: [{ line: header.line, message: 'The first line must name an e-mail column and a name column (for example: email,name,role).' }] };
  if (records.length - 1 > MAX_ROSTER_ROWS) return { rows: [], problems: [{ line: header.line, message: `At most ${MAX_ROSTER_ROWS.toLocaleString('en')} learners per file.` }] };
  const rows: RosterRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of records.slice(1)) {
    const email = (fields[emailAt] ?? '').trim().toLowerCase();
    const displayName = (fields[nameAt] ?? '').trim();
    const roleText = roleAt < 0 ? '' : (fields[roleAt] ?? '').trim().toLowerCase();
    if (fields.length !== names.length) problems.push({ line, message: `Expected ${names.length} fields, found ${fields.length}.` });
    else if (!EMAIL.test(email) || email.length > 254) problems.push({ line, message: `“${email || '(empty)'}” is not an e-mail address.` });
    else if (displayName === '' || displayName.length > 80) problems.push({ line, message: 'A name of 1 to 80 characters is needed.' });
    else if (roleText !== '' && !['learner', 'admin', '学员', '管理员'].includes(roleText)) problems.push({ line, message: `Unknown role “${roleText}” (learner or admin).` });
    else if (firstLineOf.has(email)) problems.push({ line, message: `${email} is already on line ${firstLineOf.get(email)}.` });
    else {
      firstLineOf.set(email, line);
      rows.push({ line, email, displayName, role: roleText === 'admin' || roleText === '管理员' ? 'admin' : 'learner' });
    }
  }
  return { rows, problems };
}
