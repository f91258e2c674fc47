import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The test device (main/core/sync/test/device-process.ts) bundled as the app ships its core:
 * one ES module per entry, packages left to node_modules. A device started from it loads no
 * TypeScript at run time, so its start and its memory are the app's, not tsx's (loading the
 * sources through tsx took ~1 s more to start, measured). The recommender's workers are built
 * beside it, where the core looks for them.
 */
export async function bundledDeviceEntry(): Promise<string> {
  const root = join(import.meta.dirname, '../..');
  // Inside the project, so the bundle finds its packages in node_modules as the app's build does.
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'zhiku-bench-device-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  await build({
    entryPoints: {
      'device-process': join(root, 'main/core/sync/test/device-process.ts'),
      'recommend-worker': join(root, 'main/core/recommend/recommend-worker.ts'),
      'model-builder': join(root, 'main/core/recommend/model-builder.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  return join(outdir, 'device-process.js');
}
