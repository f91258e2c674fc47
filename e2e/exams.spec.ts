import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { applyLook, LOOKS, openApp, signUpInEnglish } from './support/fixtures.ts';
import { makeTempDir, startCoreHost, startSyncServer } from './support/processes.ts';
import { pdfText } from './support/pdf-text.ts';

const screenshotDir = join(import.meta.dirname, '../test-results/screenshots');
const test = base;
test.use({ actionTimeout: 20_000 });

const PRACTICE = `::stable:: Quicksort is stable.{F####Equal keys may swap places.}
`;
const FINAL = `::sorted:: Binary search needs sorted input.{T}

::inplace:: Which sort works in place? {=Heap sort ~Merge sort}
`;

/**
 * The whole road to a certificate: a creator publishes an exercise and an exam; a learner
 * practises offline until mastered, sits the exam offline (the device cannot grade it), comes
 * back online, is graded by the server, completes the course, and prints a certificate that
 * the public verification page confirms.
 */
test('an exam: sat offline, graded by the server once online, completing the course for a certificate', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const serverDir = makeTempDir('zhiku-exam-server-');
  const creatorDir = makeTempDir('zhiku-exam-creator-');
  const learnerDir = makeTempDir('zhiku-exam-learner-');
  const files = makeTempDir('zhiku-exam-files-');
  writeFileSync(join(files.path, 'practice.gift'), PRACTICE);
  writeFileSync(join(files.path, 'final.gift'), FINAL);
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
    await page.getByTestId('title-zh').fill('算法考试');
    await page.getByLabel('Title (English)', { exact: true }).fill('Algorithms with an exam');
    await page.getByTestId('description-zh').fill('练习，然后考试。');
    await page.getByLabel('Category').selectOption({ label: 'Programming' });
    await expect(page.getByTestId('completion-rules')).toContainText('every exam is passed');

    // An exercise (mastered when every question is right)…
    await page.getByTestId('new-lesson-title').fill('Practice');
    await page.getByLabel('Lesson type').selectOption({ label: 'Exercise' });
    await page.getByRole('button', { name: 'Add lesson' }).click();
    await page.getByTestId('questions-file').setInputFiles(join(files.path, 'practice.gift'));
    await page.getByRole('button', { name: 'Add these questions' }).click();
    await page.getByLabel('Mastered when').selectOption({ label: 'every question is answered right' });
    await page.getByLabel('Free preview (anyone can open it)').check();

    // …and an exam: its questions imported, a pass mark and a time limit.
    await page.getByTestId('new-lesson-title').fill('Final exam');
    await page.getByLabel('Lesson type').selectOption({ label: 'Exam' });
    await page.getByRole('button', { name: 'Add lesson' }).click();
    const examEditor = page.getByTestId('exam-editor');
    await expect(examEditor).toContainText('answers and explanations stay with you and the server');
    await expect(page.getByTestId('publish-problems')).toContainText('Give the exam “Final exam” its questions');
    await examEditor.getByTestId('questions-file').setInputFiles(join(files.path, 'final.gift'));
    await page.getByRole('button', { name: 'Add these questions' }).click();
    await expect(examEditor.getByTestId('exercise-question')).toHaveCount(2);
    await page.getByLabel('Pass mark (%)').fill('100');
    await page.getByLabel('Time limit (minutes, 0 = none)').fill('20');
    await page.getByLabel('Free preview (anyone can open it)').check();
    await expect(page.getByTestId('publish-problems')).toHaveCount(0);
    for (const look of LOOKS) {
      await applyLook(page, creatorHost, look);
      await examEditor.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `exam-editor-${look.language}-${look.theme}.png`) });
    }
    await applyLook(page, creatorHost, { language: 'en', theme: 'light' });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByText('Published: learners see this version now.')).toBeVisible({ timeout: 60_000 });

    // The learner opens both lessons once online (they download), then loses the network.
    const learner = await context.newPage();
    learner.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(learner, learnerHost.launchUrl);
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await signUpInEnglish(learner, 'Mei', 'mei@example.com');
    await learner.getByRole('navigation').getByRole('button', { name: 'Catalog', exact: true }).click();
    await learner.getByRole('button', { name: 'Algorithms with an exam', exact: true }).click({ timeout: 30_000 });
    await learner.getByRole('button', { name: 'Final exam' }).click();
    await expect(learner.getByTestId('exam')).toContainText('Pass mark 100 % · 2 questions');
    await expect(learner.getByTestId('exam-attempts-left')).toContainText('1 attempt left');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await learner.screenshot({ path: join(screenshotDir, `exam-cover-${look.language}-${look.theme}.png`) });
    }
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await learner.getByRole('button', { name: 'Practice' }).click();
    await expect(learner.getByTestId('exercise')).toBeVisible();
    await server.stop();

    // Offline practice: graded at once on the device, mastered.
    await learner.getByRole('radio', { name: 'False' }).check();
    await learner.getByRole('button', { name: 'Check' }).click();
    await expect(learner.getByTestId('exercise-result')).toContainText('Right!');
    await expect(learner.getByTestId('mastery')).toContainText('Mastered');

    // Offline exam: started, answered, handed in — sealed, waiting for the server.
    await learner.getByRole('button', { name: 'Final exam' }).click();
    await learner.getByRole('button', { name: 'Start the exam' }).click();
    await learner.getByRole('alertdialog').getByRole('button', { name: 'Start the exam' }).click();
    const sitting = learner.getByTestId('exam-sitting');
    await expect(sitting).toContainText('Time left 20:00');
    await sitting
      .getByTestId('exam-question')
      .filter({ hasText: 'Binary search' })
      .getByRole('radio', { name: 'True' })
      .check();
    await sitting
      .getByTestId('exam-question')
      .filter({ hasText: 'in place' })
      .getByRole('radio', { name: 'Heap sort' })
      .check();
    await expect(sitting).toContainText('2 of 2 answered');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await expect(learner.getByTestId('exam-sitting')).toBeVisible();
      await learner.screenshot({ path: join(screenshotDir, `exam-sitting-${look.language}-${look.theme}.png`) });
    }
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await learner.getByRole('button', { name: 'Hand in' }).click();
    await learner.getByRole('alertdialog').getByRole('button', { name: 'Hand in' }).click();
    const results = learner.getByTestId('exam-results');
    await expect(results).toContainText('Waiting for the server to grade it');
    await expect(learner.getByTestId('exam-refusal')).toContainText('You have used every attempt.');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await expect(learner.getByTestId('exam-results')).toBeVisible();
      await learner.screenshot({ path: join(screenshotDir, `exam-waiting-${look.language}-${look.theme}.png`) });
    }

    // Back online: the sitting syncs, the server grades it, the result arrives by itself.
    server = await startSyncServer(serverDir.path, port);
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await learner.getByRole('button', { name: 'Sync now' }).click();
    await expect(results).toContainText('Passed', { timeout: 30_000 });
    await expect(results).toContainText('2 of 2 right · 100 %');
    for (const look of LOOKS) {
      await applyLook(learner, learnerHost, look);
      await expect(learner.getByTestId('exam-results')).toBeVisible();
      await learner.screenshot({ path: join(screenshotDir, `exam-result-${look.language}-${look.theme}.png`) });
    }

    // The course is complete by its rules; the certificate is issued, printed and verified.
    await applyLook(learner, learnerHost, { language: 'en', theme: 'light' });
    await learner.getByRole('button', { name: /^← / }).first().click();
    const completion = learner.getByTestId('course-completion');
    await expect(completion).toContainText('You have completed this course.');
    await expect(completion).toContainText('passed');
    await completion.getByRole('button', { name: 'Get your certificate' }).click();
    const certificate = learner.getByTestId('certificate');
    await expect(certificate).toContainText('Algorithms with an exam');
    const verifyUrl = (await learner.getByRole('link', { name: 'Check it online' }).getAttribute('href'))!;
    const verification = await (await fetch(verifyUrl)).text();
    expect(verification).toContain('Genuine');
    await learner.emulateMedia({ media: 'print' });
    const printed = await pdfText(await learner.pdf({ format: 'A4', landscape: true }));
    await learner.emulateMedia({ media: 'screen' });
    for (const shown of ['Certificate of completion', 'Mei', 'Algorithms with an exam', verifyUrl])
      expect(printed).toContain(shown);
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await creatorHost.stop();
    await learnerHost.stop();
    await server.stop();
    for (const dir of [serverDir, creatorDir, learnerDir, files]) dir.remove();
  }
});
