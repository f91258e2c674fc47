/**
 * RxDB compares index strings as JavaScript strings: UTF-16 code unit by code unit, with
 * strings padded by U+FFFF as the maximum. SQLite compares TEXT as UTF-8 bytes, where a
 * character outside the BMP (emoji, rare CJK, stored as a surrogate pair in UTF-16) sorts
 * *after* U+FFFF, but before it in JavaScript. Stored as big-endian UTF-16 in a BLOB, which
 * SQLite compares with memcmp, the byte order is exactly JavaScript's string order.
 */
export function toIndexKey(indexString: string): Buffer {
  return Buffer.from(indexString, 'utf16le').swap16();
}

export function fromIndexKey(key: Buffer): string {
  return Buffer.from(key).swap16().toString('utf16le');
}
