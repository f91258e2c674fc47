import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HomeSections } from '../../../common/contract/learning.js';
import type { CourseRecommendations, RecommenderStatus } from '../../../common/contract/recommendations.js';
import { useCleanups, useTempDirs } from '../../../tests/helpers.js';
import { postJson, restartableServer, spawnDevice, until } from '../sync/test/sync-harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

/** Other learners, straight over HTTP: sign up, sign in, rate. */
async function otherLearnerRates(url: string, email: string, ratings: Record<string, number>) {
  const json = (response: Response) => response.json() as Promise<{ user: { id: string }; accessToken: string }>;
  const post = (path: string, body: unknown, token?: string) => postJson(url, path, body, token);
  await post('/v1/auth/register', { email, password: 'correct horse battery', displayName: email, role: 'learner' });
  const login = await json(
    await post('/v1/auth/login', {
      email,
      password: 'correct horse battery',
      device: { installId: `install-${email.replace(/\W/g, '')}-device`, name: 'Laptop', platform: 'linux' },
    }),
  );
  for (const [courseId, stars] of Object.entries(ratings)) {
    const doc = {
      id: `${login.user.id}:${courseId}`,
      userId: login.user.id,
      courseId,
      stars,
      createdAt: 1,
      updatedAt: 1,
      _deleted: false,
    };
    const response = await post(
      '/v1/sync/ratings/push',
      [{ assumedMasterState: null, newDocumentState: doc }],
      login.accessToken,
    );
    if (!response.ok) throw new Error(`rating refused: ${response.status}`);
  }
}

describe('recommendations on a device', () => {
  it('suggest what learners like this one took, with the reason, predicted stars, and popular courses when personalisation is off', async () => {
    const server = await restartableServer(newDir(), {
      ZHIKU_RECOMMEND_MIN_SUPPORT: '2',
      ZHIKU_RECOMMEND_REBUILD_SECONDS: '0',
    });
    cleanups.push(() => server.stop());
    for (let i = 0; i < 3; i++)
      await otherLearnerRates(server.url, `peer${i}@example.com`, {
        'typography-screens': 5,
        'ancient-china-history': 4 + (i % 2),
      });

    const deviceDir = newDir();
    let device = await spawnDevice(deviceDir, server.url, 'Laptop');
    cleanups.push(() => device.close());
    await device.call('signUp', { email: 'mei@example.com', password: 'correct horse battery', displayName: '梅' });
    const invoke = <T>(name: string, input: unknown) => device.call<T>('invoke', name, input);
    await invoke('ratings.save', { courseId: 'typography-screens', stars: 5 });

    // After the sync, the snapshot arrives and the worker builds the model.
    await until(
      async () =>
        expect((await device.call<RecommenderStatus>('watchOnce', 'recommendations.watchStatus', {})).state).toBe(
          'ready',
        ),
      30_000,
    );
    const home = await until(async () => {
      const sections = await device.call<HomeSections>('watchOnce', 'home.watch', {});
      expect(sections.recommended[0]).toMatchObject({
        course: { id: 'ancient-china-history' },
        reason: { kind: 'studied', course: { id: 'typography-screens' } },
      });
      return sections;
    }, 30_000);
    // (Three peers took both; Mei only rated the typography course.)
    // The rest is filled with other courses, never the rated one, each with a reason.
    expect(home.recommended.map((r) => r.course.id)).not.toContain('typography-screens');
    expect(home.recommended.length).toBeGreaterThanOrEqual(4);

    const page = await device.call<CourseRecommendations>('watchOnce', 'recommendations.watchCourse', {
      courseId: 'ancient-china-history',
    });
    expect(page.predictedStars).toBeGreaterThanOrEqual(1);
    expect(page.predictedStars).toBeLessThanOrEqual(5);
    const typography = await device.call<CourseRecommendations>('watchOnce', 'recommendations.watchCourse', {
      courseId: 'typography-screens',
    });
    expect(typography.alsoTook[0]).toMatchObject({
      course: { id: 'ancient-china-history' },
      together: 3,
      reason: { kind: 'taken-together' },
    });

    // A restart with nothing changed, offline: the model is read from disk, not built again.
    const modelFile = join(deviceDir, 'recommend', 'model.bin');
    const built = statSync(modelFile).mtimeMs;
    const predicted = page.predictedStars;
    await device.close();
    await server.stop();
    device = await spawnDevice(deviceDir, server.url, 'Laptop');
    await until(
      async () =>
        expect((await device.call<RecommenderStatus>('watchOnce', 'recommendations.watchStatus', {})).state).toBe(
          'ready',
        ),
      30_000,
    );
    expect(statSync(modelFile).mtimeMs).toBe(built);
    expect(
      (
        await device.call<CourseRecommendations>('watchOnce', 'recommendations.watchCourse', {
          courseId: 'ancient-china-history',
        })
      ).predictedStars,
    ).toBe(predicted);

    // Personalisation off: the learner's history plays no part.
    await device.call('invoke', 'settings.update', {
      personalizedRecommendations: false,
      interests: { categories: ['design'], languages: [] },
    });
    await until(async () => {
      const sections = await device.call<HomeSections>('watchOnce', 'home.watch', {});
      expect(sections.recommended.some((r) => r.reason.kind === 'studied' || r.reason.kind === 'similar-content')).toBe(
        false,
      );
      expect(sections.recommended[0]!.course.categoryId).toBe('design');
    });
    expect(
      (
        await device.call<CourseRecommendations>('watchOnce', 'recommendations.watchCourse', {
          courseId: 'ancient-china-history',
        })
      ).predictedStars,
    ).toBeNull();
    await expect(
      device.call('invoke', 'settings.update', { interests: { categories: ['Not A Category!'], languages: [] } }),
    ).rejects.toThrow(/categories/);
  }, 120_000);
});
