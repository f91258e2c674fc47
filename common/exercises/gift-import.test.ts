import { describe, expect, it } from 'vitest';
import { parseGift } from './gift-import.js';

/** The examples of Moodle's GIFT documentation (docs.moodle.org/en/GIFT_format), one per question type. */
const DOCUMENTED = `// question: 1 name: Grants tomb
::Grants tomb::Who is buried in Grant's tomb in New York City? {
=Grant
~No one
#Was true for 12 years, but Grant's remains were buried in the tomb in 1897
~Napoleon
#He was buried in France
~Churchill
#He was buried in England
~Mother Teresa
#She was buried in India
}

Grant is buried in Grant's tomb.{F}

Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant}

Two plus two equals {=four =4}.

Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.

Match the following countries with their corresponding capitals. {
=Canada -> Ottawa
=Italy  -> Rome
=Japan  -> Tokyo
=India  -> New Delhi
}

When was Ulysses S. Grant born?{#1822:5}

What is the value of pi (to 3 decimal places)? {#3.141..3.142}.

What two people are entombed in Grant's tomb? {
~%-100%No one
~%50%Grant
~%50%Grant's wife
~%-100%Grant's father
}

::Q1:: 1+1=2 {T####Because arithmetic.}

Which answer equals 5? {
=\\= 2 + 3
~\\= 2 + 4
}`;

describe('GIFT import', () => {
  it('imports the documented examples of every supported type', () => {
    const { questions, problems } = parseGift(DOCUMENTED);
    expect(problems).toEqual([]);
    expect(questions.map((q) => q.type)).toEqual([
      'single',
      'truefalse',
      'fill',
      'fill',
      'single',
      'matching',
      'fill',
      'fill',
      'multiple',
      'truefalse',
      'single',
    ]);
    const [tomb, grant, shortAnswer, , missingWord, capitals, born, pi, two, onePlusOne, escaped] = questions;
    expect(tomb).toMatchObject({ prompt: "Who is buried in Grant's tomb in New York City?", correct: 'a' });
    expect(tomb!.type === 'single' && tomb!.options.map((o) => o.text)).toEqual([
      'Grant',
      'No one',
      'Napoleon',
      'Churchill',
      'Mother Teresa',
    ]);
    expect(grant).toMatchObject({ correct: false });
    expect(shortAnswer).toMatchObject({ accepted: ['Grant', 'Ulysses S. Grant', 'Ulysses Grant'] });
    expect(missingWord).toMatchObject({ prompt: 'Moodle costs ___ to download from moodle.org.', correct: 'b' });
    expect(capitals).toMatchObject({
      pairs: [
        { left: 'Canada', right: 'Ottawa' },
        { left: 'Italy', right: 'Rome' },
        { left: 'Japan', right: 'Tokyo' },
        { left: 'India', right: 'New Delhi' },
      ],
    });
    expect(born).toMatchObject({ numeric: { value: 1822, tolerance: 5 } });
    expect(pi!.type === 'fill' && pi!.numeric!.value).toBeCloseTo(3.1415, 9);
    expect(pi!.type === 'fill' && pi!.numeric!.tolerance).toBeCloseTo(0.0005, 9);
    expect(two).toMatchObject({ type: 'multiple', correct: ['b', 'c'] });
    expect(onePlusOne).toMatchObject({ correct: true, explanation: 'Because arithmetic.' });
    expect(escaped).toMatchObject({ correct: 'a' });
    expect(escaped!.type === 'single' && escaped!.options[0]!.text).toBe('= 2 + 3');
  });

  it('names the line of every problem and imports nothing when there is one', () => {
    const text = [
      'A fine question {=yes ~no}', // line 1
      '',
      'An essay {}', // line 3
      '',
      'Nobody is right {~a ~b}', // line 5
      '',
      'Unclosed {=a ~b', // line 7
      '',
      'When? {#soon}', // line 9
    ].join('\n');
    const { questions, problems } = parseGift(text);
    expect(questions).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([3, 5, 7, 9]);
    expect(problems[0]!.message).toContain('essay');
    expect(parseGift('// only a comment\n').problems).toEqual([{ line: 1, message: 'the file has no questions' }]);
  });
});
