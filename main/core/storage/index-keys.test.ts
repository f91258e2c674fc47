import { describe, expect, it } from 'vitest';
import { fillWithDefaultSettings, getIndexableStringMonad, type RxJsonSchema } from 'rxdb';
import { courseSchema } from '../../../common/collections/index.js';
import { sampleCourse } from '../database/samples.js';
import { randomSource } from './test/fixtures.js';
import { toIndexKey } from './index-keys.js';

const jsOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOrder = (a: string, b: string) => Math.sign(Buffer.compare(toIndexKey(a), toIndexKey(b)));
/** RxDB pads every string of an index to one length; keys are only ever compared at that length. */
const padded = (value: string, length: number) => value.padEnd(length, ' ');

describe('index keys', () => {
  it('sort index strings of one length exactly like JavaScript: spaces, \\t, \\x00, surrogate pairs, U+FFFF', () => {
    const tricky = [
      '',
      '\u0000',
      '\t',
      ' ',
      '  \t',
      ' \u0000x',
      '  x',
      ' x',
      'a',
      'a ',
      'a\t',
      'a \t',
      'a  \t',
      'a !',
      'a  !',
      'a\u0000',
      'a\uffff',
      'ab',
      '~',
      '|',
      '}',
      '\u007f',
      'é',
      'z',
      '中',
      '\uffee',
      '\uffff',
      '😀',
      '𠀀',
      '\ud800',
      '\udfff',
      '算法',
      '算法 导论',
    ].map((value) => padded(value, 12));
    for (const a of tricky)
      for (const b of tricky)
        expect(keyOrder(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(jsOrder(a, b));
  });

  it('agree with JavaScript on random strings of one length, heavy in spaces and control characters', () => {
    const random = randomSource(99);
    const unit = () => {
      const pick = random.int(0, 9);
      if (pick < 4) return 0x20;
      if (pick < 6) return random.int(0, 0x1f);
      if (pick < 8) return random.int(0x21, 0x80);
      return random.int(0x80, 0xffff);
    };
    for (const length of [1, 3, 8, 40]) {
      const strings = Array.from({ length: 1500 }, () => String.fromCharCode(...Array.from({ length }, unit)));
      const byJs = [...strings].sort(jsOrder);
      const byKey = [...strings].sort((a, b) => Buffer.compare(toIndexKey(a), toIndexKey(b)));
      expect(byKey).toEqual(byJs);
    }
  });

  it('keep RxDB’s bounds around the keys between them', () => {
    // A lower bound pads with \x00 and an upper one with U+FFFF: every key of that prefix lies between.
    const lower = 'published ' + '\u0000'.repeat(10);
    const upper = 'published ' + '\uffff'.repeat(10);
    for (const id of ['a', 'a b', 'a\tb', '\u0000', '\uffff\uffff', '😀'])
      expect(keyOrder(lower, padded(`published ${id}`, 20))).toBe(-1);
    for (const id of ['a', 'a b', 'a\tb', '\u0000', '😀'])
      expect(keyOrder(padded(`published ${id}`, 20), upper)).toBe(-1);
  });

  it('write a course’s keys in a fraction of their padded length', () => {
    const schema = fillWithDefaultSettings(courseSchema as RxJsonSchema<never>);
    const doc = { ...sampleCourse('8f14e45f-ceea-467f-a0e6-1b7d3e2b9c55'), _meta: { lwt: 1 }, _deleted: false };
    for (const index of schema.indexes as string[][]) {
      const indexString = getIndexableStringMonad(schema, index)(doc as never);
      expect(toIndexKey(indexString).length, index.join()).toBeLessThan(indexString.length * 0.75);
    }
  });
});
