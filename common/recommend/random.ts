/**
 * A seeded xorshift32 generator: the evaluation's shuffles, the synthetic data and model
 * initialization are reproducible run to run. `next()` is a uint32; divide by 2³² for [0, 1).
 */
export function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}
