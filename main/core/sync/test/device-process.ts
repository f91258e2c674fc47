/**
 * One device of a multi-device test, in its own process (open-source RxDB allows 13 open
 * collections per process; a device has 10). The test drives it through explicit actions
 * over the IPC channel, never by timing.
 *   fork(device-process.ts, [dataDir, serverUrl, name], { execArgv: ['--import', 'tsx'] })
 */
import {
  operations,
  subscriptions,
  type OperationName,
  type SubscriptionName,
} from '../../../../common/contract/index.js';
import { createCore } from '../../create-core.js';
import { findLesson } from '../../catalog/lesson-cache.js';
import { AppError } from '../../../../common/errors.js';
import type { CollectionName } from '../../../../common/collections/index.js';
import { randomSource } from '../../storage/test/fixtures.js';

const [dataDir, serverUrl, name] = process.argv.slice(2) as [string, string, string];

/**
 * Test hook: with ZHIKU_TEST_CUT_CONTENT=<seed>, content downloads break off after a random
 * number of bytes (as a flaky network would), so resuming can be tested without timing.
 */
function interruptingFetch(seed: number): typeof fetch {
  const random = randomSource(seed).next;
  let contentRequests = 0;
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : input.toString();
    if (!url.includes('/v1/content/') || !response.body) return response;
    // The first three attempts always break; later ones sometimes get through whole.
    if (++contentRequests > 3 && random() < 0.3) return response;
    let budget = Math.floor(random() * 120_000) + 1;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk: { done: boolean; value?: Uint8Array } = await reader.read();
        if (chunk.done || !chunk.value) return controller.close();
        if (chunk.value.length >= budget) {
          controller.enqueue(chunk.value.subarray(0, budget));
          void reader.cancel();
          return controller.error(new TypeError('network connection lost'));
        }
        budget -= chunk.value.length;
        controller.enqueue(chunk.value);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

const cut = process.env.ZHIKU_TEST_CUT_CONTENT;
/**
 * Test hooks: the device's clock can be moved forward (days offline), never waited for, and
 * can start off by ZHIKU_TEST_CLOCK_SKEW_MINUTES (a laptop with a wrong clock).
 */
let clockOffset = Number(process.env.ZHIKU_TEST_CLOCK_SKEW_MINUTES ?? 0) * 60_000;
const core = await createCore({
  now: () => new Date(Date.now() + clockOffset),
  dataDir,
  appVersion: '1.0.0-test',
  runtime: 'node',
  deviceName: name,
  initialSettings: { syncServerUrl: serverUrl },
  ...(process.env.ZHIKU_PROVISIONING_FILE
    ? { provisioning: { locations: [process.env.ZHIKU_PROVISIONING_FILE] } }
    : {}),
  ...(cut ? { fetch: interruptingFetch(Number(cut)) } : {}),
});
const collection = (collectionName: string) =>
  core.database.collections[collectionName as CollectionName] as unknown as {
    insert(doc: unknown): Promise<unknown>;
    findOne(id: string): {
      exec(): Promise<{ incrementalPatch(patch: unknown): Promise<unknown>; toJSON(): unknown } | null>;
    };
    find(query?: unknown): { exec(): Promise<{ toJSON(): unknown }[]> };
    count(query?: unknown): { exec(): Promise<number> };
  };

const actions: Record<string, (...args: never[]) => Promise<unknown>> = {
  signUp: (input: never) => core.operations['account.signUp'](input),
  signIn: (input: never) => core.operations['account.signIn'](input),
  signOut: () => core.operations['account.signOut']({}),
  checkout: (input: never) => core.operations['purchases.checkout'](input),
  redeem: (input: never) => core.operations['purchases.redeem'](input),
  /** Any contract operation, validated as it would be at the boundary. */
  invoke: async (name: string, input: unknown) => {
    const operation = operations[name as OperationName];
    return (core.operations[name as OperationName] as (input: unknown) => Promise<unknown>)(
      operation.input.parse(input),
    );
  },
  /** The first value of a contract subscription. */
  watchOnce: (name: string, input: unknown) =>
    new Promise((resolve) => {
      const subscribe = core.subscriptions[name as SubscriptionName] as (
        input: unknown,
        emit: (value: unknown) => void,
      ) => () => void;
      const stop = subscribe(subscriptions[name as SubscriptionName].input.parse(input), (value) => {
        setImmediate(() => stop());
        resolve(value);
      });
    }),
  media: async (path: string, range?: string) => {
    const answer = await core.media.serve(path.replace(/^media\//, ''), range);
    return { ...answer, body: answer.body?.toString('base64') ?? null };
  },
  session: async () => core.session.state$.value,
  userId: async () => core.session.current()?.user.id,
  insert: (collectionName: string, doc: unknown) =>
    collection(collectionName)
      .insert(doc)
      .then(() => true),
  patch: async (collectionName: string, id: string, patch: unknown) => {
    const doc = await collection(collectionName).findOne(id).exec();
    if (!doc) throw new Error(`no ${collectionName} ${id}`);
    await doc.incrementalPatch(patch);
    return true;
  },
  findOne: async (collectionName: string, id: string) =>
    (await collection(collectionName).findOne(id).exec())?.toJSON() ?? null,
  find: async (collectionName: string, query?: unknown) =>
    (await collection(collectionName).find(query).exec()).map((doc) => doc.toJSON()),
  count: (collectionName: string) => collection(collectionName).count().exec(),
  /**
   * Shows every course's page, as a learner browsing does (lessons of courses not held come on
   * demand); answers how many lessons the device then has, replicated and shown.
   */
  showCatalogue: async () => {
    for (const course of await core.database.courses.find().exec()) await core.lessons.refresh(course.id);
    return (await core.database.lessons.count().exec()) + (await core.database.shownlessons.count().exec());
  },
  /** A lesson the device has, replicated (a course held) or kept from its course page. */
  findLesson: async (lessonId: string) => (await findLesson(core.database, lessonId)) ?? null,
  resync: async () => core.sync.resync(),
  /** Resolves as soon as the document is in this device's database (pushed to it by sync). */
  waitFor: (collectionName: string, id: string) =>
    new Promise((resolve) => {
      const subscription = (
        collection(collectionName) as unknown as {
          findOne(id: string): { $: { subscribe(fn: (doc: unknown) => void): { unsubscribe(): void } } };
        }
      )
        .findOne(id)
        .$.subscribe((doc) => {
          if (!doc) return;
          setImmediate(() => subscription.unsubscribe());
          resolve(true);
        });
    }),
  awaitInSync: () => core.sync.awaitInSync(),
  /** The process's memory, after a full garbage collection when the process allows one (--expose-gc). */
  memory: async () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  },
  syncStatus: async () => core.sync.status$.value,
  download: (lessonId: string) => core.downloads.download(lessonId),
  downloads: async () => core.downloads.view$.value,
  read: async (lessonId: string, start: number, end: number) =>
    (await core.downloads.read(lessonId, start, end)).toString('base64'),
  removeDownload: (lessonId: string) => core.downloads.remove(lessonId),
  advanceClock: async (days: number) => {
    clockOffset += days * 86_400_000;
    return true;
  },
  offlineAccess: () =>
    new Promise((resolve) => {
      const stop = core.subscriptions['library.watchOfflineAccess']({}, (value) => {
        setImmediate(() => stop());
        resolve(value);
      });
    }),
  close: async () => {
    await core.close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', (message: { id: number; action: string; args: unknown[] }) => {
  const action = actions[message.action];
  if (!action) {
    process.send?.({ id: message.id, ok: false, error: `unknown action ${message.action}` });
    return;
  }
  (action as (...args: unknown[]) => Promise<unknown>)(...message.args).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        ok: false,
        error:
          error instanceof AppError
            ? `${error.code}: ${error.message}`
            : error instanceof Error
              ? `${error.name}: ${error.message}`
              : String(error),
      }),
  );
});
process.send?.({ ready: true });
