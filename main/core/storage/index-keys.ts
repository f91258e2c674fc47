/**
 * RxDB compares index strings as JavaScript strings: UTF-16 code unit by code unit, with
 * U+FFFF as the padding maximum. SQLite compares TEXT as UTF-8, where a character outside
 * the BMP (emoji, rare CJK: a surrogate pair in UTF-16) sorts *after* U+FFFF, but before it
 * in JavaScript. So keys are stored as BLOBs (compared with memcmp) in an encoding of the
 * UTF-16 code units that keeps their order:
 *
 *   code unit 0x0000–0x007E  →  1 byte:  unit + 1                    (0x01–0x7F)
 *   code unit 0x007F–0xFFFF  →  3 bytes: 0x80|unit>>12, 0x80|(unit>>6 & 63), 0x80|(unit & 63)
 *
 * Every 1-byte form sorts below every 3-byte form, 3-byte forms sort by value, and a
 * prefix sorts first, exactly like JavaScript's `<`. Index strings are mostly digits,
 * padding and ids, so keys are about half the size of UTF-16, which keeps the B-trees small.
 */
export function toIndexKey(indexString: string): Buffer {
  const length = indexString.length;
  const out = Buffer.allocUnsafe(length * 3);
  let at = 0;
  for (let i = 0; i < length; i++) {
    const unit = indexString.charCodeAt(i);
    if (unit < 0x7f) {
      out[at++] = unit + 1;
    } else {
      out[at++] = 0x80 | (unit >> 12);
      out[at++] = 0x80 | ((unit >> 6) & 0x3f);
      out[at++] = 0x80 | (unit & 0x3f);
    }
  }
  return out.subarray(0, at);
}
