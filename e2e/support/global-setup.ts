import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../../playwright.config.ts';
import { projectRoot } from './processes.ts';

/** Fails early, saying what to do, instead of timing out on something missing. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's chromium and fonts-wqy-zenhei (apt-get install chromium fonts-wqy-zenhei) or set ZHIKU_CHROMIUM.`,
    );
  }
  for (const built of ['out/main/web-host.js', 'out/renderer/index.html', 'dist/sync-server/main.js']) {
    if (!existsSync(join(projectRoot, built)))
      throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
  }
}
