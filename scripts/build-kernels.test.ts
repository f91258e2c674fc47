import { describe, expect, it } from 'vitest';
import { KERNELS_WASM } from '../common/recommend/kernels-wasm.js';
import { compileKernels } from './build-kernels.js';

describe('the recommender kernels', () => {
  it('are exactly what kernels.wat compiles to (run `npm run build:kernels` after editing it)', async () => {
    expect(await compileKernels()).toContain(`'${KERNELS_WASM}'`);
  });
});
