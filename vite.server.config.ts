import { defineConfig } from 'vite';

/** Builds the sync server to plain Node ESM; dependencies stay in node_modules. */
export default defineConfig({
  build: {
    ssr: 'sync-server/main.ts',
    outDir: 'dist/sync-server',
    target: 'node22',
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: 'main.js' } },
  },
});
