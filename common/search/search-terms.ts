/**
 * Text → search terms, the same way for what is indexed and for what is typed.
 *
 * Chinese, Japanese and Korean are written without spaces, and FTS5's tokenizers either
 * keep a whole run of them as one token (unicode61) or need three characters (trigram).
 * So runs of those scripts become overlapping bigrams — 算法导论 → 算法 法导 导论 — plus
 * the run's last character on its own, and words of other scripts stay words. A query of
 * two or more CJK characters is then the phrase of its bigrams (which only matches the
 * characters in that order, adjacent), and a single character is a prefix query.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_CLASS = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]`;
const PIECES = new RegExp(String.raw`${CJK_CLASS}+|[[\p{L}\p{N}\p{M}]--${CJK_CLASS}]+`, 'gv');

export type QueryPiece = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The pieces of a text: runs of CJK characters and words of everything else, normalized. */
export function searchPieces(text: string): QueryPiece[] {
  const pieces: QueryPiece[] = [];
  for (const match of normalizeForSearch(text).matchAll(PIECES)) {
    const piece = match[0];
    pieces.push(CJK.test(piece[0]!) ? { kind: 'cjk', text: piece } : { kind: 'word', text: piece });
  }
  return pieces;
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** What goes into the FTS5 column: space-separated terms that unicode61 keeps as they are. */
export function indexText(text: string): string {
  const terms: string[] = [];
  for (const piece of searchPieces(text)) {
    if (piece.kind === 'word') terms.push(piece.text);
    else {
      const chars = [...piece.text];
      terms.push(...bigrams(piece.text));
      // The last character alone, so a one-character query finds a run that ends with it.
      if (chars.length > 1) terms.push(chars.at(-1)!);
    }
  }
  return terms.join(' ');
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * An FTS5 MATCH expression for what the user typed, or null when it holds nothing to
 * search for. Every piece must match (AND); words match as prefixes, because results
 * appear while the last word is still being typed.
 */
export function matchExpression(query: string): string | null {
  const parts: string[] = [];
  for (const piece of searchPieces(query).slice(0, 16)) {
    if (piece.kind === 'word') parts.push(`${quote(piece.text)}*`);
    else if ([...piece.text].length === 1) parts.push(`${quote(piece.text)}*`);
    else parts.push(quote(bigrams(piece.text).join(' ')));
  }
  return parts.length > 0 ? parts.join(' AND ') : null;
}

/**
 * The same query as `matchExpression`, for PostgreSQL's full-text search over the same index
 * terms (`to_tsvector('simple', indexText(...))`): words and a single CJK character match as
 * prefixes, a CJK run as the phrase of its bigrams (`<->`), every piece required (`&`).
 * Pieces hold only letters, digits and marks, and each is quoted besides.
 */
export function tsQueryExpression(query: string): string | null {
  const lexeme = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  const parts: string[] = [];
  for (const piece of searchPieces(query).slice(0, 16)) {
    if (piece.kind === 'word' || [...piece.text].length === 1) parts.push(`${lexeme(piece.text)}:*`);
    else parts.push(`(${bigrams(piece.text).map(lexeme).join(' <-> ')})`);
  }
  return parts.length > 0 ? parts.join(' & ') : null;
}

export type Highlight = [start: number, end: number];

/**
 * Where the query's pieces occur in a displayed text (UTF-16 offsets, merged and sorted),
 * so the UI can mark them. Words match at a word start, CJK runs anywhere.
 */
export function highlightRanges(text: string, query: string): Highlight[] {
  const lower = text.toLowerCase();
  // Offsets are only meaningful when lower-casing kept every character's length.
  if (lower.length !== text.length) return [];
  const ranges: Highlight[] = [];
  for (const piece of searchPieces(query)) {
    const needle = piece.text;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      if (piece.kind === 'word' && at > 0 && /[\p{L}\p{N}]/u.test(lower[at - 1]!) && !CJK.test(lower[at - 1]!))
        continue;
      ranges.push([at, at + needle.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Highlight[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** A window of `text` around its first highlight, for showing a match inside a long lesson body. */
export function snippetAround(
  text: string,
  query: string,
  radius = 40,
): { text: string; highlights: Highlight[] } | null {
  const first = highlightRanges(text, query)[0];
  if (!first) return null;
  const start = Math.max(0, first[0] - radius);
  const end = Math.min(text.length, first[1] + radius * 2);
  const prefix = start > 0 ? '…' : '';
  const window = prefix + text.slice(start, end).replace(/\s+/g, ' ') + (end < text.length ? '…' : '');
  return { text: window, highlights: highlightRanges(window, query) };
}
