import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { pdfText } from './support/pdf-text.ts';
import { serverApi } from './support/server-api.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });

const BROKEN_GIFT = `Quicksort is stable.{F}

An essay about sorting {}
`;
const GIFT = `// Sorting, four questions
::stable:: Quicksort is stable.{F####Equal keys may swap places.}

::lifo:: Which structure is last in, first out? {=Stack ~Queue ~Heap}

::pow:: $2^\\{10\\}$ = ? {#1024}

::pairs:: Match each structure with its order. {
=Stack -> LIFO
=Queue -> FIFO
}
`;

/** Answers the question on screen, rightly or not, by reading its prompt. */
async function answer(page: Page, right: boolean) {
  const prompt = (await page.locator('.exercise__prompt').textContent()) ?? '';
  if (prompt.includes('stable')) await page.getByRole('radio', { name: right ? 'False' : 'True' }).check();
  else if (prompt.includes('last in')) await page.getByRole('radio', { name: right ? 'Stack' : 'Queue' }).check();
  else if (prompt.includes('= ?')) await page.getByTestId('fill-answer').fill(right ? '1,024' : '1000');
  else {
    const rows = page.locator('.match-list__row');
    await rows
      .filter({ hasText: 'Stack' })
      .getByRole('combobox')
      .selectOption({ label: right ? 'LIFO' : 'FIFO' });
    await rows
      .filter({ hasText: 'Queue' })
      .getByRole('combobox')
      .selectOption({ label: right ? 'FIFO' : 'LIFO' });
  }
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('exercise-result')).toContainText(right ? 'Right!' : 'Not quite.');
}

/**
 * A creator imports questions (a broken file is refused line by line, a good one previewed and
 * added) and publishes an exercise; a learner practises it, offline too, until it is mastered,
 * and the answers reach the server once back online.
 */
test('an exercise: imported from GIFT, practised offline, mastered, and synced', async ({ browser }) => {
  test.setTimeout(180_000);
  const serverDir = makeTempDir('zhiku-exercise-server-');
  const creatorDir = makeTempDir('zhiku-exercise-creator-');
  const learnerDir = makeTempDir('zhiku-exercise-learner-');
  const files = makeTempDir('zhiku-exercise-files-');
  writeFileSync(join(files.path, 'broken.gift'), BROKEN_GIFT);
  writeFileSync(join(files.path, 'sorting.gift'), GIFT);
  let server = await startSyncServer(serverDir.path);
  const port = Number(new URL(server.url).port);
  const creatorHost = await startCoreHost({ dataDir: creatorDir.path, syncServerUrl: server.url });
  const learnerHost = await startCoreHost({ dataDir: learnerDir.path, syncServerUrl: server.url });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page, creatorHost.launchUrl);
    await applyLook(page, creatorHost, { language: 'en', theme: 'light' });
    await signUpInEnglish(page, 'Lin', 'lin@example.com');
    await page.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await page.getByRole('button', { name: 'Become a creator' }).click();
    await page.getByRole('button', { name: 'New course' }).click();
    await page.getByTestId('title-zh').fill('排序练习');
    await page.getByLabel('Title (English)', { exact: true }).fill('Sorting practice');
    await page.getByTestId('description-zh').fill('练一练排序。');
    await page.getByLabel('Category').selectOption({ label: 'Programming' });
    await page.getByTestId('new-lesson-title').fill('Sorting quiz');
    await page.getByLabel('Lesson type').selectOption({ label: 'Exercise' });
    await page.getByRole('button', { name: 'Add lesson' }).click();
    const editor = page.getByTestId('exercise-editor');
    await expect(editor).toContainText('No questions yet');
    await expect(page.getByTestId('publish-problems')).toContainText('Give the exercise “Sorting quiz” its questions.');

    // A file with problems: each named by its line, nothing added.
    await page.getByTestId('questions-file').setInputFiles(join(files.path, 'broken.gift'));
    await expect(page.getByTestId('question-problem')).toHaveCount(1);
    await expect(page.getByTestId('question-problem')).toContainText('Line 3');
    await expect(page.getByRole('button', { name: 'Add these questions' })).toBeDisabled();
    await page.getByTestId('questions-file').setInputFiles(join(files.path, 'sorting.gift'));
    await expect(page.getByTestId('questions-preview')).toContainText('4 questions ready to add.');
    await page.getByRole('button', { name: 'Add these questions' }).click();
    await expect(page.getByTestId('exercise-question')).toHaveCount(4);
    await expect(page.locator('.exercise-editor .katex').first()).toBeVisible();
    await page.getByLabel('m (right)').fill('3');
    await page.getByLabel('Free preview (anyone can open it)').check();
    await expect(page.getByTestId('publish-problems')).toHaveCount(0);
    for (const look of LOOKS) {
      await applyLook(page, creatorHost, look);
      await page.screenshot({ path: join(screenshotDir, `exercise-editor-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, creatorHost, { language: 'en', theme: 'light' });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByText('Published: learners see this version now.')).toBeVisible({ timeout: 60_000 });

    // The learner practises: graded at once, with the explanation.
    const learner = await context.newPage();
    learner.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(learner, learnerHost.launchUrl);
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await signUpInEnglish(learner, 'Mei', 'mei@example.com');
    await learner.getByRole('navigation').getByRole('button', { name: 'Catalog', exact: true }).click();
    await learner.getByRole('button', { name: 'Sorting practice', exact: true }).click({ timeout: 30_000 });
    await learner.getByRole('button', { name: 'Sorting quiz' }).click();
    await expect(learner.getByTestId('exercise')).toBeVisible();
    await expect(learner.getByTestId('exercise-position')).toContainText('Question 1 of 4 · round 1');
    await answer(learner, false);
    await learner.getByRole('button', { name: 'Next question' }).click();

    // Offline: still graded and kept; three right in the last five masters it.
    await server.stop();
    for (let i = 0; i < 3; i++) {
      await answer(learner, true);
      await learner.getByRole('button', { name: 'Next question' }).click();
    }
    await expect(learner.getByTestId('mastery')).toContainText('Mastered');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await expect(learner.getByTestId('exercise')).toBeVisible();
      await learner.screenshot({ path: join(screenshotDir, `exercise-${look.language}-${look.theme}.png`) });
    }

    // Back online: every answer reaches the server as it was given.
    server = await startSyncServer(serverDir.path, port);
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await learner.getByRole('button', { name: 'Sync now' }).click();
    const api = serverApi(server.url);
    const mei = await api.login('mei@example.com', 'correct horse battery');
    await expect
      .poll(
        async () =>
          (
            await api.call<{ documents: { correct: boolean }[] }>(
              'GET',
              '/v1/sync/attempts/pull?seq=0&limit=50',
              undefined,
              mei.accessToken,
            )
          ).documents.map((d) => d.correct),
        { timeout: 30_000 },
      )
      .toEqual([false, true, true, true]);

    // The creator sees how the quiz is answered: every question, with its share answered right.
    await page.getByRole('navigation').getByRole('button', { name: 'Home', exact: true }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Studio', exact: true }).click();
    await expect(page.getByTestId('question-stat')).toHaveCount(4, { timeout: 20_000 });
    await expect(page.getByTestId('exercise-stats')).toContainText('1 learner');
    await page.getByTestId('exercise-stats').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'exercise-stats-en-light.png') });

    // The course is complete: the certificate, checked by the server's own records, to print and verify.
    await learner.getByRole('button', { name: /^← / }).first().click();
    const completion = learner.getByTestId('course-completion');
    await expect(completion).toContainText('You have completed this course.');
    await completion.getByRole('button', { name: 'Get your certificate' }).click();
    const certificate = learner.getByTestId('certificate');
    await expect(certificate).toContainText('Mei');
    await expect(certificate).toContainText('Sorting practice');
    await expect(certificate).toContainText('Lin');
    await expect(certificate.getByRole('img', { name: /QR code/ })).toBeVisible();
    const verifyUrl = (await learner.getByRole('link', { name: 'Check it online' }).getAttribute('href'))!;
    expect(verifyUrl.startsWith(server.url)).toBe(true);
    const verification = await (await fetch(verifyUrl)).text();
    expect(verification).toContain('Genuine');
    expect(verification).toContain('Mei');
    await learner.emulateMedia({ media: 'print' });
    const printed = await pdfText(await learner.pdf({ format: 'A4', landscape: true }));
    await learner.emulateMedia({ media: 'screen' });
    for (const shown of ['Certificate of completion', 'Mei', 'Sorting practice', verifyUrl])
      expect(printed).toContain(shown);
    expect(printed).not.toContain('Print or save as PDF');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await expect(certificate).toBeVisible();
      await learner.screenshot({ path: join(screenshotDir, `certificate-${look.language}-${look.theme}.png`) });
    }
    // Offline, the certificate is still in the library, to show and print.
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await server.stop();
    await learner.getByRole('navigation').getByRole('button', { name: 'Library', exact: true }).click();
    await learner.getByTestId('certificates').getByRole('button', { name: 'View and print' }).click();
    await expect(certificate).toContainText('Mei');
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await creatorHost.stop();
    await learnerHost.stop();
    await server.stop();
    for (const dir of [serverDir, creatorDir, learnerDir, files]) dir.remove();
  }
});
