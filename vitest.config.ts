import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{common,main,preload,renderer,sync-server,scripts,resources}/**/*.test.{ts,tsx}',
      'tests/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
