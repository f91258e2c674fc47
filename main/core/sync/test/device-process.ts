/**
 * One device of a multi-device test, in its own process (open-source RxDB allows 13 open
 * collections per process; a device has 10). The test drives it through explicit actions
 * over the IPC channel, never by timing.
 *   fork(device-process.ts, [dataDir, serverUrl, name], { execArgv: ['--import', 'tsx'] })
 */
import { createCore } from '../../create-core.js';
import type { CollectionName } from '../../../../common/collections/index.js';

const [dataDir, serverUrl, name] = process.argv.slice(2) as [string, string, string];
const core = await createCore({ dataDir, appVersion: '1.0.0-test', runtime: 'node', deviceName: name, initialSettings: { syncServerUrl: serverUrl } });
const collection = (collectionName: string) => core.database.collections[collectionName as CollectionName] as unknown as {
  insert(doc: unknown): Promise<unknown>;
  findOne(id: string): { exec(): Promise<{ incrementalPatch(patch: unknown): Promise<unknown>; toJSON(): unknown } | null> };
  find(query?: unknown): { exec(): Promise<{ toJSON(): unknown }[]> };
  count(query?: unknown): { exec(): Promise<number> };
};

const actions: Record<string, (...args: never[]) => Promise<unknown>> = {
  signUp: (input: never) => core.operations['account.signUp'](input),
  signIn: (input: never) => core.operations['account.signIn'](input),
  signOut: () => core.operations['account.signOut']({}),
  session: async () => core.session.state$.value,
  userId: async () => core.session.current()?.user.id,
  insert: (collectionName: string, doc: unknown) => collection(collectionName).insert(doc).then(() => true),
  patch: async (collectionName: string, id: string, patch: unknown) => {
    const doc = await collection(collectionName).findOne(id).exec();
    if (!doc) throw new Error(`no ${collectionName} ${id}`);
    await doc.incrementalPatch(patch);
    return true;
  },
  findOne: async (collectionName: string, id: string) => (await collection(collectionName).findOne(id).exec())?.toJSON() ?? null,
  find: async (collectionName: string, query?: unknown) => (await collection(collectionName).find(query).exec()).map((doc) => doc.toJSON()),
  count: (collectionName: string) => collection(collectionName).count().exec(),
  resync: async () => core.sync.resync(),
  awaitInSync: () => core.sync.awaitInSync(),
  syncStatus: async () => core.sync.status$.value,
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
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});
process.send?.({ ready: true });
