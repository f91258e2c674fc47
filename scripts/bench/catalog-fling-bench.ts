/**
 * `npm run bench:catalog` (after `npm run build`): the catalogue of 10,000 courses in the real
 * UI (the built renderer in Debian's Chromium, the core in web mode on real SQLite), flung
 * from the top to the end in 1.5 s. Prints how many frames showed blank rows while flinging,
 * and how long the rows on screen took to fill after it stopped — against a baseline in the
 * same run: the same end of the list reached by one jump from a fresh page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createCore } from '../../main/core/create-core.ts';
import { sampleCourse } from '../../main/core/database/samples.ts';
import { spawnUntilReady } from '../lib/spawn-ready.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.ts';

const COURSES = Number(process.env.BENCH_COURSES ?? 10_000);
const FLING_MS = 1500;
const FILL_LIMIT_MS = 20_000;
/** The catalogue's row height (renderer/src/screens/CatalogScreen.tsx). */
const ROW_HEIGHT = 118;

async function seed(dataDir: string): Promise<void> {
  const core = await createCore({
    dataDir,
    appVersion: '0.0.0-bench',
    runtime: 'node',
    initialSettings: { syncServerUrl: 'http://127.0.0.1:9' },
    fetch: () => Promise.reject(new TypeError('offline bench')),
  });
  const docs = Array.from({ length: COURSES }, (_, n) =>
    sampleCourse(`bench-${String(n).padStart(6, '0')}`, {
      title: { zh: `课程 ${n}：从入门到精通`, en: `Course ${n}: from basics to mastery` },
      updatedAt: 1_700_000_000_000 + n,
      publishedAt: 1_700_000_000_000 + n,
    }),
  );
  for (let i = 0; i < docs.length; i += 1000) await core.database.courses.bulkInsert(docs.slice(i, i + 1000));
  await core.close();
}

/** Opens the catalogue and waits for its first rows. */
async function openCatalog(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-app-ready="true"]');
  await page.click('[data-nav="catalog"]');
  await page.waitForSelector('.virtual-row .course-card, .virtual-row article, .virtual-row a, .virtual-row button');
}

/** Fractions of the rows on screen that are placeholders, sampled every frame until stopped. */
/**
 * The rows that should be on screen (from the scroll position) and how many of them show a
 * course: a row not rendered yet counts as blank, as does a placeholder.
 */
const ON_SCREEN = `(() => {
  const list = document.querySelector('.virtual-list');
  const rowHeight = ${ROW_HEIGHT};
  const first = Math.floor(list.scrollTop / rowHeight);
  const last = Math.min(Math.ceil((list.scrollTop + list.clientHeight) / rowHeight), Math.round(list.scrollHeight / rowHeight));
  let filled = 0;
  for (const row of list.querySelectorAll('.virtual-row')) {
    const index = Number(row.getAttribute('aria-posinset')) - 1;
    if (index >= first && index < last && !row.querySelector('.virtual-row__placeholder')) filled++;
  }
  return { expected: last - first, filled };
})`;

/** Fractions of the rows due on screen that are blank, sampled every frame until stopped. */
const SAMPLER = `
  window.__blank = [];
  window.__sampling = true;
  const onScreen = ${ON_SCREEN};
  const sample = () => {
    if (!window.__sampling) return;
    const { expected, filled } = onScreen();
    window.__blank.push(expected ? (expected - filled) / expected : 0);
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
`;

/** Milliseconds from now until every row due on screen shows its course (polled every frame). */
const TIME_TO_FILL = `new Promise((resolve) => {
  const onScreen = ${ON_SCREEN};
  const start = performance.now();
  const check = () => {
    const { expected, filled } = onScreen();
    if (filled === expected) return resolve(performance.now() - start);
    if (performance.now() - start > ${FILL_LIMIT_MS}) return resolve(Infinity);
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/** Scrolling at a reading pace: 3,000 px a second for 3 s, from row 2,000. */
const READING = `new Promise((resolve) => {
  const list = document.querySelector('.virtual-list');
  const from = 2000 * ${ROW_HEIGHT};
  list.scrollTop = from;
  const start = performance.now();
  const step = () => {
    const elapsed = performance.now() - start;
    list.scrollTop = from + elapsed * 3;
    if (elapsed < 3000) requestAnimationFrame(step); else resolve(undefined);
  };
  requestAnimationFrame(step);
})`;

const FLING = `new Promise((resolve) => {
  const list = document.querySelector('.virtual-list');
  const end = list.scrollHeight - list.clientHeight;
  const start = performance.now();
  const step = () => {
    const t = Math.min(1, (performance.now() - start) / ${FLING_MS});
    list.scrollTop = end * (1 - (1 - t) * (1 - t));
    if (t < 1) requestAnimationFrame(step); else resolve(undefined);
  };
  requestAnimationFrame(step);
})`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiku-fling-'));
  const started = performance.now();
  await seed(dataDir);
  console.log(`seeded ${COURSES} courses in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The built web host on that data, offline (its sync server address answers nothing).
  const host = await spawnUntilReady(process.execPath, [
    join(import.meta.dirname, '../../out/main/web-host.js'),
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--sync-server-url',
    'http://127.0.0.1:9',
  ]);
  const launchUrl = String(host.ready.url);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

    // Baseline: a fresh catalogue, one jump to the end, rows filled.
    await openCatalog(page, launchUrl);
    const jumpFill = Number(
      await page.evaluate(
        `(() => { const l = document.querySelector('.virtual-list'); l.scrollTop = l.scrollHeight; return ${TIME_TO_FILL}; })()`,
      ),
    );

    // The fling: top to end in 1.5 s, sampled every frame, then the time to fill.
    await openCatalog(page, launchUrl);
    if (process.env.BENCH_DEBUG)
      console.log(
        await page.evaluate(
          `JSON.stringify({ h: document.querySelector('.virtual-list').scrollHeight, total: document.querySelector('[data-testid=catalog-total]')?.textContent, rows: document.querySelectorAll('.virtual-row').length })`,
        ),
      );
    await page.evaluate(SAMPLER);
    await page.evaluate(FLING);
    const flingFill = Number(await page.evaluate(TIME_TO_FILL));
    const blank = await page.evaluate<number[]>('(window.__sampling = false, window.__blank)');
    const framesWithBlanks = blank.filter((f) => f > 0).length;
    const meanBlank = blank.reduce((a, b) => a + b, 0) / Math.max(1, blank.length);

    // Reading pace: the list moves steadily through pages it has not loaded yet.
    await openCatalog(page, launchUrl);
    await page.evaluate(READING);
    await page.waitForTimeout(300);
    await page.evaluate(SAMPLER);
    await page.evaluate(READING.replace('const from = 2000', 'const from = 4000'));
    const reading = await page.evaluate<number[]>('(window.__sampling = false, window.__blank)');
    const readingBlank = reading.filter((f) => f > 0).length;

    console.log(`\ncatalogue of ${COURSES} courses, flung top → end in ${FLING_MS} ms (Chromium, web mode):`);
    console.log(`  frames sampled             ${blank.length}`);
    console.log(
      `  frames showing blank rows  ${framesWithBlanks} (${((framesWithBlanks / Math.max(1, blank.length)) * 100).toFixed(0)} %)`,
    );
    console.log(`  mean share of blank rows   ${(meanBlank * 100).toFixed(0)} %`);
    console.log(`  rows filled after stopping ${flingFill.toFixed(0)} ms`);
    console.log(`  baseline: one jump, fresh  ${jumpFill.toFixed(0)} ms`);
    console.log(`  ratio fling / baseline     ${(flingFill / Math.max(1, jumpFill)).toFixed(2)}×`);
    console.log(`scrolling at 3,000 px/s for 3 s:`);
    console.log(
      `  frames showing blank rows  ${readingBlank} of ${reading.length} (${((readingBlank / Math.max(1, reading.length)) * 100).toFixed(0)} %)`,
    );
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
