/**
 * Renders resources/icons/icon.svg to the PNG sizes electron-builder and the window use.
 *   node scripts/make-icons.ts     (needs Debian's chromium; outputs are committed)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const iconsDir = join(import.meta.dirname, '../resources/icons');
const svg = readFileSync(join(iconsDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
for (const size of [512, 256, 64]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0;background:transparent">${svg.replace('width="64" height="64"', `width="${size}" height="${size}"`)}</body>`);
  await page.screenshot({ path: join(iconsDir, size === 512 ? 'icon.png' : `icon-${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
