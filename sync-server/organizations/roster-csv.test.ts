import { describe, expect, it } from 'vitest';
import { csvRecords, parseRoster } from './roster-csv.js';

describe('roster CSV', () => {
  it('reads quotes, commas and line breaks inside quotes, any line end and a BOM, with the line each record starts on', () => {
    const text =
      '\uFEFFemail,name\r\na@school.example,"Lin, ""Amy""\nsecond line"\r\n\r\nb@school.example,Bo\nc@school.example,Ce\rd@school.example,Di';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 2, fields: ['a@school.example', 'Lin, "Amy"\nsecond line'] },
      { line: 5, fields: ['b@school.example', 'Bo'] },
      { line: 6, fields: ['c@school.example', 'Ce'] },
      { line: 7, fields: ['d@school.example', 'Di'] },
    ]);
  });

  it('keeps a stray quote inside a field, and reports a quote never closed on its line instead of guessing', () => {
    expect(parseRoster('email,name\nx@school.example,O"Neil\n').rows).toEqual([
      { line: 2, email: 'x@school.example', displayName: 'O"Neil', role: 'learner' },
    ]);
    expect(parseRoster('email,name\nx@school.example,Ann\ny@school.example,"Bo\n')).toEqual({
      rows: [],
      problems: [{ line: 3, message: 'A quote opened on line 3 is never closed.' }],
    });
  });
});
