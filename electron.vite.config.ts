import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Builds the three Electron targets. `main` has two entries: the Electron main process
 * and the web-mode core host (plain Node). The preload is one CommonJS file, as
 * sandboxed preloads require. The renderer is React, with no Node built-ins.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          electron: resolve('main/electron/main.ts'),
          'web-host': resolve('main/host/web-host-cli.ts'),
          'recommend-worker': resolve('main/core/recommend/recommend-worker.ts'),
          'model-builder': resolve('main/core/recommend/model-builder.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
    plugins: [react()],
  },
});
