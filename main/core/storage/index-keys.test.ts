import { describe, expect, it } from 'vitest';
import { randomSource } from './test/fixtures.js';
import { toIndexKey } from './index-keys.js';

const jsOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOrder = (a: string, b: string) => Math.sign(Buffer.compare(toIndexKey(a), toIndexKey(b)));

describe('index keys', () => {
  it('sort exactly like JavaScript strings, including surrogate pairs and U+FFFF padding', () => {
    const tricky = [
      '',
      '\u0000',
      '\t',
      ' ',
      '~',
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
      'a',
      'a ',
      'a\uffff',
      'ab',
      '算法',
      '算法导论',
    ];
    for (const a of tricky)
      for (const b of tricky)
        expect(keyOrder(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(jsOrder(a, b));
  });

  it('agree with JavaScript on random strings of any code units', () => {
    const random = randomSource(99);
    const strings = Array.from({ length: 2000 }, () =>
      String.fromCharCode(
        ...Array.from({ length: random.int(0, 6) }, () =>
          random.chance(0.5) ? random.int(0, 0x80) : random.int(0, 0xffff),
        ),
      ),
    );
    const byJs = [...strings].sort(jsOrder);
    const byKey = [...strings].sort((a, b) => Buffer.compare(toIndexKey(a), toIndexKey(b)));
    expect(byKey).toEqual(byJs);
  });

  it('differ from SQLite’s UTF-8 order where that one is wrong', () => {
    // UTF-8 puts an emoji (surrogate pair in JS) after U+FFFF; JavaScript puts it before.
    expect('😀' < '\uffff').toBe(true);
    expect(Buffer.compare(Buffer.from('😀'), Buffer.from('\uffff'))).toBe(1);
    expect(keyOrder('😀', '\uffff')).toBe(-1);
  });
});
