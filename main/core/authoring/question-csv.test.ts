import { describe, expect, it } from 'vitest';
import { isCorrect } from '../../../common/exercises/grading.js';
import { parseQuestionCsv } from './question-csv.js';

describe('questions from CSV', () => {
  it('reads every type, with Chinese headers, quotes and a byte order mark', () => {
    const csv = [
      '\uFEFF题型,题目,选项,答案,解析',
      '单选,后进先出的是？,栈|队列|堆,1,栈是 LIFO',
      'multiple,"Linear structures, pick all",Stack|Queue|Tree,1|2,',
      '判断,快速排序是稳定的。,,错,',
      'fill,查找有序数组用___,二分查找|Binary search,,',
      'numeric,π ≈ ?,,3.14±0.01,',
      'ordering,从小到大,O(1)|O(log n)|O(n),,',
      'matching,配对,栈 => LIFO|队列 => FIFO,,',
    ].join('\r\n');
    const { questions, problems } = parseQuestionCsv(csv);
    expect(problems).toEqual([]);
    expect(questions.map((q) => q.type)).toEqual([
      'single',
      'multiple',
      'truefalse',
      'fill',
      'fill',
      'ordering',
      'matching',
    ]);
    expect(questions[0]).toMatchObject({ correct: 'a', explanation: '栈是 LIFO' });
    expect(questions[1]).toMatchObject({ prompt: 'Linear structures, pick all', correct: ['a', 'b'] });
    expect(isCorrect(questions[4]!, { type: 'fill', text: '3.145' })).toBe(true);
    expect(isCorrect(questions[5]!, { type: 'ordering', itemIds: ['a', 'b', 'c'] })).toBe(true);
    expect(isCorrect(questions[6]!, { type: 'matching', matches: { p1: 'p1', p2: 'p2' } })).toBe(true);
  });

  it('names the line of every problem and imports nothing when there is one', () => {
    const csv = [
      'type,prompt,options,answer',
      'single,Fine,a|b,2',
      'single,Out of range,a|b,3', // line 3
      'essay,Tell me,,', // line 4
      'truefalse,Maybe,,perhaps', // line 5
      'matching,Pairs,a -> b,', // line 6
      '"truefalse","A question',
      'on two lines",,maybe', // lines 7–8: reported at 7
      '"unclosed,quote', // line 9
    ].join('\n');
    const result = parseQuestionCsv(csv);
    expect(result.questions).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    const lines = parseQuestionCsv(csv.split('\n').slice(0, 8).join('\n')).problems.map((p) => p.line);
    expect(lines).toEqual([3, 4, 5, 6, 7]);
    expect(parseQuestionCsv('name,email\nx,y\n').problems[0]).toMatchObject({ line: 1 });
  });
});
