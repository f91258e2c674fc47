import { defineConfig } from 'vite';

/** Builds the sync server to plain Node ESM; dependencies stay in node_modules. */
export default defineConfig({
  build: {
    // The recommendation snapshot is built in a worker thread, from its own entry.
    ssr: true,
    outDir: 'dist/sync-server',
    target: 'node22',
    emptyOutDir: true,
    rollupOptions: {
      input: { main: 'sync-server/main.ts', 'aggregate-worker': 'sync-server/recommend/aggregate-worker.ts' },
      output: { entryFileNames: '[name].js' },
    },
  },
});
