import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{common,main,preload,renderer,sync-server,scripts,resources}/**/*.test.{ts,tsx}',
      'tests/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    // Every core in the tests parses its answers with the contract's output schemas (main/core/checked-contract.ts).
    env: { ZHIKU_CHECK_OUTPUTS: '1' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
