/**
 * Draws the demo catalog's cover art: one 960×540 JPEG per course in
 * resources/demo-catalog/covers/, rendered by Chromium from an HTML design (a palette per
 * category, a motif drawn from the course id, the title in the course's own language).
 * The images are checked in; rerun after changing a course's title:
 *
 *   node --import tsx scripts/make-demo-covers.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { catalogSourceSchema, type CourseSource } from '../common/catalog/catalog-source.ts';
import { CHROMIUM_PATH } from '../playwright.config.ts';

const root = join(import.meta.dirname, '..');
const catalogPath = join(root, 'resources/demo-catalog/catalog.json');
const catalog = catalogSourceSchema.parse(JSON.parse(readFileSync(catalogPath, 'utf8')));

const PALETTES: Record<string, [string, string, string]> = {
  programming: ['#1f3a5f', '#3d6fa8', '#9cd3ff'],
  'data-science': ['#203b34', '#2f7a62', '#9fe3c4'],
  design: ['#5b2a3c', '#c0566f', '#ffd2dc'],
  business: ['#3b2f1e', '#a8742c', '#ffe0a8'],
  language: ['#2d2a55', '#6a5fc1', '#d9d4ff'],
  humanities: ['#4a2418', '#a4462b', '#f6d2bd'],
  music: ['#1d2b3a', '#4f6d8f', '#e6eef8'],
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A deterministic pattern of circles and arcs from the course id: each cover differs, reruns agree. */
function motif(course: CourseSource, accent: string): string {
  const bytes = createHash('sha256').update(course.id).digest();
  const shapes: string[] = [];
  for (let i = 0; i < 7; i++) {
    const x = 520 + (bytes[i * 3]! % 420);
    const y = 40 + (bytes[i * 3 + 1]! % 460);
    const r = 30 + (bytes[i * 3 + 2]! % 150);
    shapes.push(
      i % 2 === 0
        ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${accent}" opacity="${(0.08 + (i % 3) * 0.05).toFixed(2)}"/>`
        : `<circle cx="${x}" cy="${y}" r="${r}" fill="none" stroke="${accent}" stroke-width="${2 + (i % 4)}" opacity="0.35"/>`,
    );
  }
  return `<svg width="960" height="540" viewBox="0 0 960 540" xmlns="http://www.w3.org/2000/svg">${shapes.join('')}</svg>`;
}

function coverHtml(course: CourseSource): string {
  const [deep, mid, accent] = PALETTES[course.categoryId] ?? PALETTES.programming!;
  const category = catalog.categories.find((c) => c.id === course.categoryId)!.name;
  const title = course.title[course.language];
  const subtitle = course.subtitle[course.language];
  const label = category[course.language];
  return `<!doctype html><html lang="${course.language}"><head><meta charset="utf-8"><style>
    html, body { margin: 0; width: 960px; height: 540px; overflow: hidden; }
    body { background: linear-gradient(135deg, ${deep} 0%, ${mid} 100%); color: #fff;
      font-family: 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Noto Sans', sans-serif; position: relative; }
    svg { position: absolute; inset: 0; }
    .text { position: absolute; left: 64px; top: 0; bottom: 0; width: 560px; display: flex; flex-direction: column; justify-content: center; }
    .label { font-size: 22px; letter-spacing: 0.12em; text-transform: uppercase; color: ${accent}; margin-bottom: 22px; }
    h1 { font-size: ${title.length > 16 ? 50 : 62}px; line-height: 1.18; margin: 0 0 22px; font-weight: 700; }
    p { font-size: 25px; line-height: 1.4; margin: 0; opacity: 0.85; }
    .bar { position: absolute; left: 64px; bottom: 56px; width: 72px; height: 6px; background: ${accent}; border-radius: 3px; }
  </style></head><body>${motif(course, accent)}<div class="text"><div class="label">${escapeHtml(label)}</div>
    <h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></div><div class="bar"></div></body></html>`;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  for (const course of catalog.courses) {
    if (!course.cover) continue;
    const path = join(root, 'resources/demo-catalog', course.cover);
    mkdirSync(join(path, '..'), { recursive: true });
    await page.setContent(coverHtml(course));
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path, type: 'jpeg', quality: 82 });
    console.log(`${course.cover}`);
  }
} finally {
  await browser.close();
}
