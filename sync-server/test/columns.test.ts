import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CourseDoc, LessonDoc } from '../../common/collections/index.js';
import { useCleanups, useTempDirs } from '../../tests/helpers.js';
import {
  backendEnv,
  BACKENDS,
  publishCourse,
  signUpAndIn,
  startTestServer,
  stopSharedPostgres,
  type Session,
  type TestServer,
} from './server-harness.js';

afterAll(stopSharedPostgres, 60_000);

const pull = async <T>(api: TestServer, who: Session, collection: string) =>
  (await api.call<{ documents: T[] }>('GET', `/v1/sync/${collection}/pull`, { token: who.accessToken })).body.documents;
const lessonStatus = (api: TestServer, who: Session, lessonId: string) =>
  fetch(`${api.url}/v1/content/lessons/${lessonId}`, {
    headers: { authorization: `Bearer ${who.accessToken}` },
  }).then((r) => r.status);
async function mailsTo(dir: string, address: string): Promise<{ subject: string; text: string }[]> {
  const outbox = join(dir, 'outbox');
  if (!existsSync(outbox)) return [];
  const found: { subject: string; text: string }[] = [];
  for (const name of readdirSync(outbox)
    .filter((n) => n.endsWith('.eml'))
    .sort()) {
    const mail = await simpleParser(readFileSync(join(outbox, name)));
    const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
    // Release mails only (a purchase also sends its receipt).
    if (to?.includes(address) && mail.subject?.includes('New in'))
      found.push({ subject: mail.subject ?? '', text: mail.text ?? '' });
  }
  return found;
}

for (const backend of BACKENDS) {
  describe(`columns (${backend})`, () => {
    const newDir = useTempDirs();
    const cleanups = useCleanups();

    it('release scheduled lessons to holders when their time comes, with an e-mail; later buyers get every released one', async () => {
      const dir = newDir();
      // The server's clock is the test's: a release comes when the test moves it, not when a timer races the test.
      let clock = Date.now();
      const api = await startTestServer(
        dir,
        { ...(await backendEnv(backend)), ZHIKU_PAYMENTS: 'test', ZHIKU_RELEASE_CHECK_SECONDS: '1' },
        { now: () => clock },
      );
      cleanups.push(() => api.close());
      const lin = await signUpAndIn(api, 'lin@example.com', { role: 'creator' });
      const mei = await signUpAndIn(api, 'mei@example.com');
      const yu = await signUpAndIn(api, 'yu@example.com');
      // A column of three lessons: the first out now, the second in a moment, the third next month.
      const soon = clock + 60_000;
      const later = clock + 30 * 86_400_000;
      await publishCourse(api, lin, 'weekly', {
        priceAmount: 9_900,
        lessonIds: ['weekly-1', 'weekly-2', 'weekly-3'],
        releaseAt: { 'weekly-2': soon, 'weekly-3': later },
      });
      const buy = async (who: Session) => {
        const order = await api.call<{ checkoutUrl: string }>('POST', '/v1/orders', {
          token: who.accessToken,
          body: { courseIds: ['weekly'] },
        });
        await fetch(`${order.body.checkoutUrl}/pay`, { method: 'POST' });
      };
      await buy(mei);

      const course = async () => (await pull<CourseDoc>(api, mei, 'courses')).find((c) => c.id === 'weekly')!;
      const lessonIds = async (who: Session) =>
        (await pull<LessonDoc>(api, who, 'lessons'))
          .filter((l) => l.courseId === 'weekly')
          .map((l) => l.id)
          .sort();
      // Before: one lesson out; the others are listed by title and date only, their content closed even to a buyer.
      const first = await course();
      expect(first.lessonCount).toBe(1);
      expect(first.upcoming?.map((u) => [u.lessonId, u.releaseAt])).toEqual([
        ['weekly-2', soon],
        ['weekly-3', later],
      ]);
      expect(await lessonIds(mei)).toEqual(['weekly-1']);
      expect(await lessonStatus(api, mei, 'weekly-2')).toBe(403);
      // The creator sees her own scheduled lessons.
      expect(await lessonIds(lin)).toEqual(['weekly-1', 'weekly-2', 'weekly-3']);

      // Its time comes: out to holders, with its release time, and an e-mail.
      clock = soon + 1;
      await vi.waitFor(async () => expect(await lessonIds(mei)).toEqual(['weekly-1', 'weekly-2']), {
        timeout: 10_000,
        interval: 200,
      });
      const released = (await pull<LessonDoc>(api, mei, 'lessons')).find((l) => l.id === 'weekly-2')!;
      expect(released.releasedAt).toBeGreaterThanOrEqual(soon);
      expect(await lessonStatus(api, mei, 'weekly-2')).toBe(200);
      expect(await course()).toMatchObject({ lessonCount: 2, upcoming: [{ lessonId: 'weekly-3' }] });
      await vi.waitFor(async () => expect(await mailsTo(dir, 'mei@example.com')).toHaveLength(1));
      const [mail] = await mailsTo(dir, 'mei@example.com');
      expect(mail!.subject).toContain('weekly');
      expect(mail!.text).toContain('Lesson 2');
      // Not to someone who does not follow it.
      expect(await mailsTo(dir, 'yu@example.com')).toEqual([]);

      // Bought after: every released lesson, not the one still to come.
      await buy(yu);
      expect(await lessonStatus(api, yu, 'weekly-2')).toBe(200);
      expect(await lessonStatus(api, yu, 'weekly-3')).toBe(403);
      expect(await lessonIds(yu)).toEqual(['weekly-1', 'weekly-2']);

      // Republished: a released lesson stays out (its release time kept); the scheduled one stays scheduled.
      await publishCourse(api, lin, 'weekly', {
        priceAmount: 9_900,
        lessonIds: ['weekly-1', 'weekly-2', 'weekly-3'],
        releaseAt: { 'weekly-2': soon, 'weekly-3': later },
      });
      expect((await pull<LessonDoc>(api, mei, 'lessons')).find((l) => l.id === 'weekly-2')!.releasedAt).toBe(
        released.releasedAt,
      );
      expect(await lessonIds(mei)).toEqual(['weekly-1', 'weekly-2']);
      expect((await course()).upcoming?.map((u) => u.lessonId)).toEqual(['weekly-3']);
      // Its release time taken away: it comes out with the publish.
      await publishCourse(api, lin, 'weekly', { priceAmount: 9_900, lessonIds: ['weekly-1', 'weekly-2', 'weekly-3'] });
      expect(await lessonIds(mei)).toEqual(['weekly-1', 'weekly-2', 'weekly-3']);
      expect((await course()).upcoming).toBeUndefined();
    });
  });
}
