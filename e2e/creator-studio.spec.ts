import { join } from 'node:path';
import { pdfText } from './support/pdf-text.ts';
import { test as base, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, projectRoot, startCoreHost, startSyncServer } from './support/processes.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const media = (file: string) => join(projectRoot, 'resources/demo-catalog/media', file);
const test = base;
test.use({ actionTimeout: 20_000 });

/**
 * A creator writes a course with text, PDF and video lessons while the server is down,
 * comes back online and publishes; a learner sees exactly the published version, buys it
 * with the test checkout, and the sale shows in the creator's dashboard.
 */
test('a creator writes a course offline, publishes it, and sees the sale', async ({ browser }) => {
  test.setTimeout(180_000);
  const serverDir = makeTempDir('zhiku-studio-server-');
  const creatorDir = makeTempDir('zhiku-studio-creator-');
  const learnerDir = makeTempDir('zhiku-studio-learner-');
  let server = await startSyncServer(serverDir.path);
  const port = Number(new URL(server.url).port);
  const creatorHost = await startCoreHost({ dataDir: creatorDir.path, syncServerUrl: server.url });
  const learnerHost = await startCoreHost({ dataDir: learnerDir.path, syncServerUrl: server.url });
  const creatorContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const learnerContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await creatorContext.newPage();
    // Any uncaught error in the page fails the test, even if the screen looked fine.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page, creatorHost.launchUrl);
    await signUpInEnglish(page, 'Lin', 'lin@example.com');
    await page.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await page.getByRole('button', { name: 'Become a creator' }).click();
    await expect(page.getByRole('button', { name: 'New course' })).toBeVisible();

    // On a plane: the server is gone, the creator keeps writing.
    await server.stop();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('Offline', { timeout: 20_000 });
    await page.getByRole('button', { name: 'New course' }).click();
    await expect(page.getByTestId('publish-problems')).toContainText('Give the course a title.');
    await page.getByTestId('title-zh').fill('写作入门');
    await page.getByLabel('Title (English)', { exact: true }).first().fill('Writing, the basics');
    await page.getByTestId('description-zh').fill('把话说清楚。');
    await page.getByLabel('Category').selectOption({ label: 'Programming' });
    await page.getByTestId('cover-file').setInputFiles(join(projectRoot, 'resources/icons/icon-256.png'));
    await expect(page.getByTestId('cover-preview')).toBeVisible();
    await expect
      .poll(() =>
        page.getByTestId('cover-preview').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(256);
    await page.getByTestId('price').fill('49');
    await page.getByTestId('price').press('Enter');

    const addLesson = async (title: string, kind: string) => {
      await page.getByTestId('new-lesson-title').fill(title);
      await page.getByLabel('Lesson type').selectOption({ label: kind });
      await page.getByRole('button', { name: 'Add lesson' }).click();
      await expect(page.getByTestId('lesson-editor')).toContainText(`Edit ${kind} lesson`);
    };
    await addLesson('第一课：先想清楚', 'Text');
    await page.getByTestId('markdown-input').fill('# 先想清楚\n\n写作之前，先用一句话说出你的观点。');
    await expect(page.getByTestId('lesson-editor').getByRole('heading', { name: '先想清楚' })).toBeVisible();
    // The lesson editor sits beside the outline; a paid course with nothing free to try gets advice, not a refusal.
    const beside = async () => {
      const outline = (await page.getByRole('region', { name: 'Outline' }).boundingBox())!;
      const editor = (await page.getByTestId('lesson-editor').boundingBox())!;
      return editor.x >= outline.x + outline.width && editor.y < outline.y + outline.height;
    };
    expect(await beside()).toBe(true);
    await expect(page.getByTestId('publish-advice-banner')).toContainText('No lesson is free to try');
    await page.getByLabel('Free preview (anyone can open it)').check();
    await expect(page.getByTestId('publish-advice-banner')).toHaveCount(0);
    await addLesson('讲义', 'PDF');
    await page.getByTestId('media-file').setInputFiles(media('algo-l3.pdf'));
    await expect(page.getByTestId('media-info')).toContainText('algo-l3.pdf');
    await expect(page.getByTestId('upload-status')).toContainText('Saved here; uploads when online');
    await addLesson('示范视频', 'Video');
    await page.getByTestId('media-file').setInputFiles(media('algo-l2.webm'));
    await expect(page.getByTestId('media-info')).toContainText('algo-l2.webm');
    await expect(page.getByTestId('media-info')).toContainText('0:28');
    // Reorder: the video moves up before the handout (keyboard-accessible buttons).
    await page.getByRole('button', { name: 'Move “示范视频” up' }).click();
    await expect(page.getByTestId('editor-lesson').nth(1)).toContainText('示范视频');
    await expect(page.getByTestId('publish-problems')).toHaveCount(0);

    // Back online: publishing uploads the files first, then the course goes live.
    server = await startSyncServer(serverDir.path, port);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('Synced', { timeout: 30_000 });
    // Publishing asks first, and says what will happen.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish “Writing, the basics”?' });
    await expect(dialog).toContainText('It goes on sale with 3 lessons');
    await dialog.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByText('Published: learners see this version now.')).toBeVisible({ timeout: 60_000 });
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('editor-state')).toContainText('Published');

    // A later edit stays a draft; publishing again names exactly what changed, and Cancel publishes nothing.
    await page.getByRole('button', { name: 'Course details' }).click();
    await page.getByLabel('Title (English)', { exact: true }).fill('Writing, the basics (2nd edition)');
    await page.getByLabel('Title (English)', { exact: true }).press('Enter');
    await expect(page.getByTestId('editor-state')).toContainText('changes not yet published');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByTestId('publish-changes').getByRole('listitem')).toHaveText([
      'Title: Writing, the basics → Writing, the basics (2nd edition)',
    ]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('publish-dialog')).toHaveCount(0);
    await expect(page.getByTestId('editor-state')).toContainText('changes not yet published');

    // The learner sees exactly the published version and buys it.
    const learner = await learnerContext.newPage();
    await openApp(learner, learnerHost.launchUrl);
    await signUpInEnglish(learner, 'Mei', 'mei@example.com');
    await learner.getByRole('navigation').getByRole('button', { name: 'Catalog', exact: true }).click();
    await expect(learner.getByRole('button', { name: 'Writing, the basics', exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(learner.getByText('Writing, the basics (2nd edition)')).toHaveCount(0);
    await learner.getByRole('button', { name: 'Writing, the basics', exact: true }).click();
    await expect(learner.getByTestId('course-cover')).toBeVisible();
    await expect
      .poll(() =>
        learner
          .getByTestId('course-cover')
          .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(256);
    await expect(learner.locator('.outline-lesson')).toHaveCount(3);
    await expect(learner.locator('.outline-lesson').nth(1)).toContainText('示范视频');
    const [checkout] = await Promise.all([
      learnerContext.waitForEvent('page'),
      learner.getByRole('button', { name: /^Buy for/ }).click(),
    ]);
    await checkout.getByRole('button', { name: /Pay \(test\)/ }).click();
    await expect(checkout.getByText(/Test payment done/)).toBeVisible();
    await expect(learner.getByText('You own this course')).toBeVisible({ timeout: 20_000 });
    // The receipt: who bought what, when and for how much — printable, and as a PDF without the app around it.
    await learner.getByRole('navigation').getByRole('button', { name: 'Library', exact: true }).click();
    await learner.getByTestId('orders').getByRole('button', { name: 'Receipt' }).click();
    const receipt = learner.getByTestId('receipt');
    await expect(receipt).toContainText('Writing, the basics');
    await expect(receipt).toContainText('¥49.00');
    await expect(receipt).toContainText('mei@example.com');
    await expect(receipt).toContainText(new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date()));
    await learner.screenshot({ path: join(screenshotDir, 'receipt-en-light.png') });
    await learner.emulateMedia({ media: 'print' });
    const printed = await pdfText(await learner.pdf({ format: 'A4' }));
    await learner.emulateMedia({ media: 'screen' });
    for (const shown of ['Receipt', 'Writing, the basics', '¥49.00', 'Mei', 'mei@example.com', 'Test payment'])
      expect(printed).toContain(shown);
    for (const hidden of ['Catalog', 'Print or save as PDF']) expect(printed).not.toContain(hidden);
    await learner.getByRole('button', { name: /^← / }).click();
    await learner.getByRole('navigation').getByRole('button', { name: 'Catalog', exact: true }).click();
    await learner.getByRole('button', { name: 'Writing, the basics', exact: true }).click();
    await learner.getByRole('button', { name: '讲义' }).click();
    await expect(learner.getByTestId('pdf-viewer').getByTestId('watermark').first()).toContainText('mei@example.com');

    // The creator's dashboard shows the sale.
    await page.getByRole('navigation').getByRole('button', { name: 'Home', exact: true }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await expect(page.getByTestId('sales-course')).toContainText('1 sold', { timeout: 20_000 });
    await expect(page.getByTestId('sales-course')).toContainText('¥49.00');
    await expect(page.getByTestId('learners').locator('tbody tr')).toContainText('1');
    // The chart: totals for the period, revenue by day with a tooltip on today's bar, the sales as CSV.
    await expect(page.getByTestId('sales-totals')).toContainText('Sold1');
    await page.getByRole('radio', { name: '7 days' }).check();
    await page.getByRole('combobox', { name: /^Chart/ }).selectOption('revenue');
    await expect(page.getByTestId('sales-chart-table').locator('tbody tr')).toHaveCount(7);
    await expect(page.getByTestId('sales-chart-table').locator('tbody tr').last()).toContainText('¥49.00');
    const plot = (await page.getByTestId('sales-chart').locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width - 4, plot.y + plot.height / 2);
    await expect(page.getByTestId('sales-chart-tip')).toContainText('¥49.00');
    await expect(page.getByTestId('sales-chart-tip')).toContainText(
      new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(new Date()),
    );
    const csvHref = (await page.getByTestId('sales-csv').getAttribute('href'))!;
    const csvRows = decodeURIComponent(csvHref.slice(csvHref.indexOf(',') + 1))
      .trim()
      .split('\r\n');
    expect(csvRows).toHaveLength(2);
    expect(csvRows[1]).toContain(',"Writing, the basics');
    // Amount, the platform's fee (20 %) and what the creator earns.
    expect(csvRows[1]).toContain(',49,9.8,39.2,CNY,');
    await expect(page.getByTestId('sales-earnings')).toContainText('39.20');

    // The studio and the editor, looked at in both languages and both themes.
    for (const look of LOOKS) {
      const { language, theme } = look;
      await applyLook(page, creatorHost, look);
      await expect(page.getByTestId('sales-course')).toBeVisible();
      await page.screenshot({ path: join(screenshotDir, `studio-${language}-${theme}.png`) });
      await page.getByTestId('studio-course').getByRole('button').first().click();
      await page.getByTestId('editor-lesson').first().getByRole('button').first().click();
      await expect(page.getByTestId('markdown-input')).toBeVisible();
      await page.screenshot({ path: join(screenshotDir, `studio-editor-${language}-${theme}.png`) });
      await page.getByRole('button', { name: language === 'en' ? 'Publish' : '发布', exact: true }).click();
      await expect(page.getByTestId('publish-changes')).toBeVisible();
      await page.screenshot({ path: join(screenshotDir, `studio-publish-${language}-${theme}.png`) });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /^← / }).first().click();
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await creatorContext.close();
    await learnerContext.close();
    await creatorHost.stop();
    await learnerHost.stop();
    await server.stop();
    for (const dir of [serverDir, creatorDir, learnerDir]) dir.remove();
  }
});
