import { describe, expect, it } from 'vitest';
import { highlightRanges, indexText, matchExpression, snippetAround, tsQueryExpression } from './search-terms.js';

describe('search terms', () => {
  it('index CJK runs as overlapping bigrams plus the last character, and other scripts as words', () => {
    expect(indexText('算法导论')).toBe('算法 法导 导论 论');
    expect(indexText('学 Python 入门')).toBe('学 python 入门 门');
    expect(indexText('Python入门：Ｆｕｌｌ-width')).toBe('python 入门 门 full width');
    expect(indexText('')).toBe('');
  });

  it('turn a two-character Chinese query into a phrase and one character into a prefix', () => {
    expect(matchExpression('算法')).toBe('"算法"');
    expect(matchExpression('算法导')).toBe('"算法 法导"');
    expect(matchExpression('算')).toBe('"算"*');
    expect(matchExpression('react 入门')).toBe('"react"* AND "入门"');
  });

  it('ignore punctuation and FTS5 syntax the user types', () => {
    expect(matchExpression('"; DROP TABLE x -- NEAR(')).toBe('"drop"* AND "table"* AND "x"* AND "near"*');
    expect(matchExpression('  ？！…  ')).toBeNull();
  });

  it('mark matches in the displayed text, words at word starts only', () => {
    expect(highlightRanges('算法导论：从排序到动态规划', '算法')).toEqual([[0, 2]]);
    expect(highlightRanges('Intro to Algorithms', 'algo')).toEqual([[9, 13]]);
    expect(highlightRanges('Pseudoalgorithms', 'algo')).toEqual([]);
    expect(highlightRanges('Python 入门 Python', 'python 入')).toEqual([
      [0, 6],
      [7, 8],
      [10, 16],
    ]);
  });

  it('cut a snippet around the first match with its highlights', () => {
    const text = `${'前言'.repeat(40)}这里讲二分查找的思想${'后记'.repeat(60)}`;
    const snippet = snippetAround(text, '二分查找', 10)!;
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    const [start, end] = snippet.highlights[0]!;
    expect(snippet.text.slice(start, end)).toBe('二分查找');
    expect(snippetAround(text, 'absent')).toBeNull();
  });

  it('build the same query for PostgreSQL: prefixes, bigram phrases, every piece required', () => {
    expect(tsQueryExpression('算法导')).toBe("('算法' <-> '法导')");
    expect(tsQueryExpression('算')).toBe("'算':*");
    expect(tsQueryExpression('React 入门')).toBe("'react':* & ('入门')");
    expect(tsQueryExpression("'; DROP & !x | y:*")).toBe("'drop':* & 'x':* & 'y':*");
    expect(tsQueryExpression(' ,。! ')).toBeNull();
  });
});
