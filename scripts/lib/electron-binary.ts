import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * Finds the Electron executable without triggering electron's lazy download (requiring
 * the `electron` package downloads it when missing). Install with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 leaves it absent; that is expected on build machines.
 */
export function findElectronBinary(projectRoot: string): ElectronBinary {
  // A developer's own Electron build (or a test's stand-in) may be named outright.
  const named = process.env.ZHIKU_ELECTRON_BINARY;
  if (named)
    return existsSync(named)
      ? { available: true, path: named }
      : { available: false, reason: `ZHIKU_ELECTRON_BINARY names ${named}, which does not exist` };
  const packageDir = join(projectRoot, 'node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      available: false,
      reason:
        'the Electron binary is not installed (node_modules/electron/path.txt is missing; run `npx install-electron` where downloads are possible)',
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist'), relative);
  return existsSync(executable)
    ? { available: true, path: executable }
    : { available: false, reason: `the Electron binary is missing at ${executable}` };
}
