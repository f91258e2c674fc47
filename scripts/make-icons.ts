/**
 * Renders resources/icons/icon.svg to the PNG sizes electron-builder and the window use, and
 * packs them into icon.icns (macOS) and icon.ico (Windows).
 *   node scripts/make-icons.ts     (needs Debian's chromium; outputs are committed)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { icns, ico } from './lib/icon-containers.ts';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const iconsDir = join(import.meta.dirname, '../resources/icons');
const svg = readFileSync(join(iconsDir, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const rendered = new Map<number, Buffer>();
for (const size of [1024, 512, 256, 128, 64, 48, 32, 16]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<body style="margin:0;background:transparent">${svg.replace('width="64" height="64"', `width="${size}" height="${size}"`)}</body>`,
  );
  rendered.set(size, await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();
const png = (size: number) => rendered.get(size)!;
for (const size of [256, 64]) writeFileSync(join(iconsDir, `icon-${size}.png`), png(size));
writeFileSync(join(iconsDir, 'icon.png'), png(512));
writeFileSync(join(iconsDir, 'icon.icns'), icns([16, 32, 64, 128, 256, 512, 1024].map(png)));
writeFileSync(join(iconsDir, 'icon.ico'), ico([16, 32, 48, 64, 128, 256].map(png)));
