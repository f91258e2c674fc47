/**
 * Index keys as BLOBs compared with memcmp, in the order RxDB gives their index strings.
 *
 * RxDB builds an index string from fixed-width fields: each string field padded with spaces to
 * its `maxLength`, the document's id (up to 100) last. Two index strings of one index always have
 * the same length, and so do the bounds of a range over it; they are compared as JavaScript
 * strings, UTF-16 code unit by code unit. Stored as they are, most of a key is padding (an id
 * of 36 characters carries 64 spaces, in every index, twice: in the row and in the B-tree).
 *
 * So runs of spaces are written as one token, in an encoding that keeps the order of strings of
 * equal length exactly (including characters below space, \t or \x00, which RxDB's lower bounds
 * use):
 *
 *   code unit 0x00–0x1F      →  1 byte:  unit + 1                      (0x01–0x20)
 *   spaces, then a unit < 0x20  →  0x21, then the run's length (2 bytes)
 *   spaces to the end         →  0x22 (every key ends with it)
 *   spaces, then a unit > 0x20  →  0x23, then 0xFFFF − the run's length (2 bytes)
 *   code unit 0x21–0x7C      →  1 byte:  unit + 3                      (0x24–0x7F)
 *   code unit 0x7D–0xFFFF    →  3 bytes: 0x80|unit>>12, 0x80|(unit>>6 & 63), 0x80|(unit & 63)
 *
 * Where two strings first differ, one has a space and the other some unit u, or both have
 * units: a run that ends in a unit below space sorts below "spaces to the end", which sorts
 * below a run that ends in a unit above space; the longer of two runs sorts lower before a unit
 * above space and higher before one below; units keep their order, below space under every
 * run and above space over them. JavaScript puts a surrogate pair (an emoji) before U+FFFF, as
 * the 3-byte forms do; SQLite's UTF-8 TEXT order would put it after.
 */
const CONTROL_OFFSET = 1;
const SPACES_THEN_LOWER = 0x21;
const SPACES_TO_THE_END = 0x22;
const SPACES_THEN_HIGHER = 0x23;
const LOW_UNIT_OFFSET = 3;
const SPACE = 0x20;
const LONGEST_RUN = 0xffff;

/** The format of the keys this code writes; a table written with another is rebuilt (collection-tables.ts). */
export const INDEX_KEY_FORMAT = 2;

export function toIndexKey(indexString: string): Buffer {
  let end = indexString.length;
  while (end > 0 && indexString.charCodeAt(end - 1) === SPACE) end--;
  const out = Buffer.allocUnsafe(end * 3 + 1);
  let at = 0;
  let i = 0;
  while (i < end) {
    const unit = indexString.charCodeAt(i);
    if (unit === SPACE) {
      const start = i;
      while (indexString.charCodeAt(i) === SPACE) i++;
      const run = i - start;
      if (run > LONGEST_RUN) throw new Error(`An index string has a run of ${run} spaces; at most ${LONGEST_RUN}.`);
      const lower = indexString.charCodeAt(i) < SPACE;
      const value = lower ? run : LONGEST_RUN - run;
      out[at++] = lower ? SPACES_THEN_LOWER : SPACES_THEN_HIGHER;
      out[at++] = value >> 8;
      out[at++] = value & 0xff;
      continue;
    }
    if (unit < SPACE) {
      out[at++] = unit + CONTROL_OFFSET;
    } else if (unit < 0x7d) {
      out[at++] = unit + LOW_UNIT_OFFSET;
    } else {
      out[at++] = 0x80 | (unit >> 12);
      out[at++] = 0x80 | ((unit >> 6) & 0x3f);
      out[at++] = 0x80 | (unit & 0x3f);
    }
    i++;
  }
  out[at++] = SPACES_TO_THE_END;
  return out.subarray(0, at);
}
