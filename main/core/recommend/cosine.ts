/**
 * Cosine similarity of two rating vectors over the same users (0 = not rated). The seed's
 * worked example has arithmetic errors; the correct value for (5,4,0,3)·(3,0,5,4) is
 * (15 + 0 + 0 + 12) / (√50 · √50) = 27/50.
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('Vectors must have the same length.');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
