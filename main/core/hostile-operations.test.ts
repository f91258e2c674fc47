import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { operations } from '../../common/contract/operations.js';
import { useTempDirs } from '../../tests/helpers.js';
import { createCore, type Core } from './create-core.js';
import { invokeOperation } from './dispatch.js';
import { restartableServer } from './sync/test/sync-harness.js';

const newDir = useTempDirs();
const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

/** What the device holds, summed up: compared before and after each refused operation. */
async function fingerprint(core: Core): Promise<string> {
  const counts = await Promise.all(
    Object.entries(core.database.collections).map(
      async ([name, collection]) => `${name}=${await collection.count().exec()}`,
    ),
  );
  return `${counts.join(',')};settings=${JSON.stringify(await invokeOperation(core.operations, 'settings.get', {}))}`;
}

const nasty = fc.oneof(
  fc.constantFrom(
    '',
    '../../etc/passwd',
    '\u0000',
    '𠜎',
    'a'.repeat(3000),
    '__proto__',
    'http://',
    'javascript:alert(1)',
    '/',
    'C:\\',
    -1,
    0,
    1e308,
    Number.NaN,
    null,
    true,
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
);
const input = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5 }),
  fc.dictionary(
    fc.constantFrom(
      'courseId',
      'courseIds',
      'lessonId',
      'id',
      'folder',
      'query',
      'language',
      'theme',
      'syncServerUrl',
      'stars',
      'review',
      'position',
      'length',
      'code',
      'email',
      'password',
      'organizationId',
      'csv',
      'dryRun',
      'poolId',
      'kind',
      'anchor',
      'body',
      'skip',
      'limit',
    ),
    nasty,
    { maxKeys: 5 },
  ),
);
// Operations whose valid, empty input ends the session the rest of the run needs.
const SKIPPED = new Set(['account.signOut']);

/**
 * Every contract operation fed malformed input by fast-check, on a real core signed in to a real
 * server: only clear errors (never INTERNAL, never a throw), and nothing on the device changes
 * when an operation is refused.
 */
describe('hostile input to every contract operation', () => {
  it('gets clear errors and changes nothing it refuses', async () => {
    const server = await restartableServer(newDir());
    closing.push(() => server.stop());
    const core = await createCore({
      dataDir: newDir(),
      appVersion: '0.0.0-test',
      runtime: 'node',
      initialSettings: { syncServerUrl: server.url },
    });
    closing.push(() => core.close());
    const signedUp = await invokeOperation(core.operations, 'account.signUp', {
      email: 'fuzz@example.com',
      password: 'correct horse battery',
      displayName: 'Fuzz',
    });
    expect(signedUp.ok).toBe(true);
    await core.sync.awaitInSync();
    let calls = 0;
    for (const name of Object.keys(operations).filter((n) => !SKIPPED.has(n))) {
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const before = await fingerprint(core);
          const reply = await invokeOperation(core.operations, name, value);
          calls++;
          if (!reply.ok) {
            expect(
              reply.error.code,
              `${name}(${JSON.stringify(value).slice(0, 200)}) → ${reply.error.message}`,
            ).not.toBe('INTERNAL');
            expect(await fingerprint(core), `${name} was refused but changed the device`).toBe(before);
          }
        }),
        { numRuns: 20, seed: 20261125, endOnFailure: true },
      );
    }
    console.warn(`hostile operations: ${calls} calls over ${Object.keys(operations).length - SKIPPED.size} operations`);
    expect(calls).toBeGreaterThanOrEqual((Object.keys(operations).length - SKIPPED.size) * 20);
  }, 180_000);
});
