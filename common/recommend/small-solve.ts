/**
 * Solves A x = b in place for a small symmetric positive-definite A (k×k, row-major, first k²
 * values of `a`; its lower triangle is overwritten by the Cholesky factor, `b` by x). Returns
 * false, leaving `b` unusable, when A is not positive definite. Plain loops: the recommender
 * solves many of these (one per item) of at most a few hundred unknowns each.
 */
export function solveSpdInPlace(a: Float64Array, b: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const rowJ = j * k;
    let diagonal = a[rowJ + j]!;
    for (let t = 0; t < j; t++) diagonal -= a[rowJ + t]! * a[rowJ + t]!;
    if (!(diagonal > 0)) return false;
    diagonal = Math.sqrt(diagonal);
    a[rowJ + j] = diagonal;
    for (let i = j + 1; i < k; i++) {
      const rowI = i * k;
      let sum = a[rowI + j]!;
      for (let t = 0; t < j; t++) sum -= a[rowI + t]! * a[rowJ + t]!;
      a[rowI + j] = sum / diagonal;
    }
  }
  // L y = b, then Lᵀ x = y.
  for (let i = 0; i < k; i++) {
    const rowI = i * k;
    let sum = b[i]!;
    for (let t = 0; t < i; t++) sum -= a[rowI + t]! * b[t]!;
    b[i] = sum / a[rowI + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let t = i + 1; t < k; t++) sum -= a[t * k + i]! * b[t]!;
    b[i] = sum / a[i * k + i]!;
  }
  return true;
}
