import type { Page } from '@playwright/test';

/**
 * Slows PDF.js's worker on demand: while on, every message the worker receives is handled
 * 600 ms late (in order), so a page asked for is still on its way when the viewer closes.
 * The worker script is served with a few lines in front of it; nothing else changes.
 */
export async function slowPdfWorker(page: Page): Promise<{ on: () => void; off: () => void }> {
  let slow = false;
  const delay = `{
    const listen = self.addEventListener.bind(self);
    self.addEventListener = (type, handler, options) =>
      listen(type, type === 'message' ? (event) => setTimeout(() => handler(event), 600) : handler, options);
  }\n`;
  await page.route('**/pdf.worker*', async (route) => {
    if (!slow) return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, body: delay + (await response.text()) });
  });
  return { on: () => (slow = true), off: () => (slow = false) };
}
