import { describe, expect, it } from 'vitest';
import { csvDataUrl, csvText } from './csv-text.js';

describe('csvText', () => {
  it('quotes what must be quoted and leaves the rest plain', () => {
    expect(
      csvText([
        ['code', 'course'],
        ['AB12', '算法, 导论'],
        ['x"y', 'line\nbreak'],
      ]),
    ).toBe('code,course\r\nAB12,"算法, 导论"\r\n"x""y","line\nbreak"\r\n');
  });

  it('defuses formulas but keeps numbers, including negative ones, as numbers', () => {
    expect(csvText([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', -2, 19.99]])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),-2,19.99\r\n`,
    );
  });

  it('makes a data URL Excel reads as UTF-8', () => {
    const url = csvDataUrl('课程\r\n');
    expect(url.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe('\uFEFF课程\r\n');
  });
});
