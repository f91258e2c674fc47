/**
 * Dense symmetric positive-definite inverse by Cholesky, in place on a row-major
 * Float64Array (n×n). Hand-written because general-purpose inverses are far slower at the
 * sizes the recommender needs (thousands of items); O(n³/3) for the factorization plus the
 * triangular inverse and product.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  // A = L Lᵀ, L stored in the lower triangle.
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k]! ** 2;
    if (!(diagonal > 0)) throw new RangeError('The matrix is not positive definite.');
    const ljj = Math.sqrt(diagonal);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      a[rowI + j] = sum / ljj;
    }
  }
  // W = L⁻¹ (lower triangular), computed column by column into a new array.
  const w = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    w[j * n + j] = 1 / a[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= a[i * n + k]! * w[k * n + j]!;
      w[i * n + j] = sum / a[i * n + i]!;
    }
  }
  // A⁻¹ = Wᵀ W (symmetric): entry (i, j) = Σ_k≥max(i,j) W[k,i] W[k,j].
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += w[k * n + i]! * w[k * n + j]!;
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}
