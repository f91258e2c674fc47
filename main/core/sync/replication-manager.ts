import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { pullResponseSchema, pushResponseSchema } from '../../../common/server-api/responses.js';
import {
  PULL_PAGE_LIMIT,
  pullProgress,
  pullQueryString,
  type PullCheckpoint,
} from '../../../common/server-api/replication.js';
import { parseAnswer } from '../parse-answer.js';
import type { RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { COLLECTIONS, type CollectionName } from '../../../common/collections/index.js';
import type { SyncStatus } from '../../../common/contract/session.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import type { SessionManager } from '../session/session-manager.js';
import { followEventStream } from './event-stream.js';
import { PullPacer } from './pull-pacer.js';

type Checkpoint = PullCheckpoint;
type AnyDoc = Record<string, unknown>;

/** Collections everyone may read: replicated (pull only) even when signed out. */
const PUBLIC_COLLECTIONS: CollectionName[] = ['courses', 'lessons'];
/**
 * Lessons are pulled by the courses the learner holds (held=1): bought, started or written. The
 * lessons of other courses are fetched when their page is shown (catalog/lesson-cache.ts), so
 * a device's lessons grow with its learner, not with the platform; signed out, it holds none.
 */
const PULLED_BY_HELD_COURSES: CollectionName = 'lessons';
/**
 * Signed in, the summaries of the courses the learner holds are pulled too (held=1), beside the
 * whole catalogue's: on a new laptop what the learner owns is there within seconds, however old
 * its rows, not after the platform's every course. Both pulls write the same documents (pull
 * only, so there is nothing to push twice); RxDB skips a document already equal.
 */
const HELD_SUMMARIES: CollectionName = 'courses';
/**
 * A new device pulls the catalogue newest first (newest-first-pull.ts on the server): the
 * storefront's first page (newest first) is right as soon as the first page is stored.
 */
const NEWEST_FIRST: CollectionName = 'courses';
/** Changes to these can change which courses the learner holds: the held pulls run again. */
const CHANGE_THE_HELD_COURSES = new Set(['entitlements', 'progress', 'courses']);

/**
 * RxDB merges each new checkpoint into the last one (`Object.assign`): a field the server left
 * out — a held pull's fill or a newest-first pass that ended — must be there as undefined, or
 * the old value would be sent again with the next pull (the server refuses a fill past its scope).
 */
const everyField = (checkpoint: Checkpoint): Checkpoint => ({
  seq: checkpoint.seq,
  scope: checkpoint.scope,
  fill: checkpoint.fill,
  below: checkpoint.below,
});

/** One RxDB replication: a collection, pulled whole or by the courses the learner holds. */
interface Replicated {
  /** Names its stream, its pending changes and its replication identifier. */
  key: string;
  name: CollectionName;
  held: boolean;
}

/** The replications a device runs: public collections signed out; everything it may read signed in. */
function replicationsFor(signedIn: boolean): Replicated[] {
  const replicated = (Object.keys(COLLECTIONS) as CollectionName[])
    .filter((name) => COLLECTIONS[name].replicated && (signedIn || PUBLIC_COLLECTIONS.includes(name)))
    .map((name): Replicated => ({ key: name, name, held: name === PULLED_BY_HELD_COURSES }));
  // First, so the held summaries' first page is asked for before the catalogue's.
  if (signedIn) replicated.unshift({ key: `${HELD_SUMMARIES}|held`, name: HELD_SUMMARIES, held: true });
  return replicated;
}

/**
 * Collections a learner's device writes and pushes; creators also push their drafts. Published
 * courses and lessons are pull-only: the server derives them when a draft is published.
 */
const PUSHED_BY_LEARNERS: CollectionName[] = ['ratings', 'progress', 'notes', 'attempts', 'examsittings'];
const PUSHED_BY_CREATORS: CollectionName[] = [...PUSHED_BY_LEARNERS, 'coursedrafts'];

export interface ReplicationManager {
  status$: BehaviorSubject<SyncStatus>;
  /** Re-pull everything now (after a reconnect, or when the user asks). */
  resync(): void;
  /** Resolves when every running replication has caught up with the server. */
  awaitInSync(): Promise<void>;
  /**
   * Collections the server's event stream says changed, replicated here or not (reviews are
   * fetched on demand: their cache listens here); after a reconnect, every collection.
   */
  remoteChanges$: Observable<readonly string[]>;
  stop(): Promise<void>;
}

/**
 * Runs RxDB replication for every replicated collection against the sync server, in the
 * core, whether or not a window is open. Public collections replicate even when signed out;
 * the rest start at sign-in and stop at sign-out (their local data stays).
 */
export function startReplication(deps: {
  db: ClientDatabase;
  session: SessionManager;
  serverUrl: () => string;
  fetch: typeof fetch;
  now: () => number;
  /** Called each time the server answers, so offline access can move its grace period on. */
  onServerReached?: () => void;
  /** Called with each pulled page's size (memory is given back after a burst: memory-after-bursts.ts). */
  onPulled?: (documents: number) => void;
}): ReplicationManager {
  const remoteChanges$ = new Subject<readonly string[]>();
  const status$ = new BehaviorSubject<SyncStatus>({
    online: false,
    signedIn: false,
    syncing: false,
    pendingChanges: 0,
    lastSyncedAt: null,
  });
  /** Collections whose replication is running; RxDB keeps them "active" while it waits to retry. */
  let activeCollections = new Set<string>();
  // Syncing means exchanging with the server: a replication waiting to retry offline is not.
  const update = (patch: Partial<Omit<SyncStatus, 'syncing'>>) => {
    const next = { ...status$.value, ...patch };
    status$.next({ ...next, syncing: next.online && activeCollections.size > 0 });
  };
  let running:
    | {
        states: RxReplicationState<AnyDoc, Checkpoint>[];
        streams: Map<string, Subject<RxReplicationPullStreamItem<AnyDoc, Checkpoint>>>;
        stopStream: () => void;
        pacers: PullPacer[];
      }
    | undefined;
  const pendingByCollection = new Map<string, Set<string>>();

  const countPending = () => [...pendingByCollection.values()].reduce((sum, ids) => sum + ids.size, 0);

  async function request(path: string, init: RequestInit = {}, signedIn: boolean): Promise<Response> {
    try {
      const response = signedIn
        ? await deps.session.authorizedFetch(path, init)
        : await deps.fetch(new URL(path, deps.serverUrl()), init);
      update({ online: true });
      if (response.ok) deps.onServerReached?.();
      return response;
    } catch (error) {
      update({ online: false });
      throw error;
    }
  }

  /**
   * The server's epoch changes when it is restored from a backup: its checkpoints then belong to
   * another history. The device starts a fresh replication (new identifier), which pulls from the
   * beginning and pushes everything it holds, so what the backup lacks is pushed again and
   * conflicts go through the collections' handlers; nothing on the device is lost.
   */
  const epochKey = (server: string) => `sync:epoch:${server}`;
  async function epochOf(server: string): Promise<{ first?: string; current?: string }> {
    return (
      ((await deps.db.localstate.findOne(epochKey(server)).exec())?.value as
        { first?: string; current?: string } | undefined) ?? {}
    );
  }
  let restarting = false;
  async function noticeEpoch(server: string, seen: string | null, used: string | undefined): Promise<boolean> {
    if (!seen) return false;
    const known = await epochOf(server);
    if (!known.first) {
      await deps.db.localstate.upsert({
        id: epochKey(server),
        value: { first: seen, current: seen },
        updatedAt: deps.now(),
      });
      return false;
    }
    if (seen === (used ?? known.first)) return false;
    await deps.db.localstate.upsert({
      id: epochKey(server),
      value: { ...known, current: seen },
      updatedAt: deps.now(),
    });
    if (!restarting) {
      restarting = true;
      started = stopRunning()
        .then(start)
        .finally(() => (restarting = false));
    }
    return true;
  }

  async function start(): Promise<void> {
    const signedIn = deps.session.current() !== null;
    const role = deps.session.current()?.user.role;
    const pushed = role === 'creator' || role === 'admin' ? PUSHED_BY_CREATORS : PUSHED_BY_LEARNERS;
    const who = deps.session.current()?.user.id ?? 'anonymous';
    const server = deps.session.current()?.serverUrl ?? deps.serverUrl();
    const epochs = await epochOf(server);
    // The first epoch seen keeps the original identifier (no re-replication on upgrade).
    const epoch = epochs.current && epochs.current !== epochs.first ? epochs.current : undefined;
    const streams = new Map<string, Subject<RxReplicationPullStreamItem<AnyDoc, Checkpoint>>>();
    const pacers: PullPacer[] = [];
    activeCollections = new Set<string>();
    const states = replicationsFor(signedIn).map(({ key, name, held }) => {
      const stream$ = new Subject<RxReplicationPullStreamItem<AnyDoc, Checkpoint>>();
      streams.set(key, stream$);
      const pending = new Set<string>();
      pendingByCollection.set(key, pending);
      const pacer = new PullPacer();
      pacers.push(pacer);
      const state = replicateRxCollection<AnyDoc, Checkpoint>({
        replicationIdentifier: `zhiku|${server}|${who}|${key}${epoch ? `|${epoch}` : ''}`,
        collection: deps.db.collections[name] as never,
        live: true,
        retryTime: 5_000,
        waitForLeadership: false,
        pull: {
          batchSize: PULL_PAGE_LIMIT,
          stream$: stream$.asObservable(),
          async handler(checkpoint, batchSize) {
            pacer.follow(state.metaInstance);
            await pacer.beforePull(pullProgress(checkpoint));
            const response = await request(
              `/v1/sync/${name}/pull?${pullQueryString(checkpoint, batchSize, held, key === NEWEST_FIRST)}`,
              { signal: AbortSignal.timeout(30_000) },
              signedIn,
            );
            if (!response.ok) throw new Error(`pull ${name}: ${response.status}`);
            if (await noticeEpoch(server, response.headers.get('x-zhiku-epoch'), epoch ?? epochs.first))
              throw new Error('The server was restored from a backup; syncing again from the start.');
            const body = parseAnswer(`/v1/sync/${name}/pull`, pullResponseSchema, await response.json());
            // A successful exchange with the server, even with nothing new, is when the device last synced.
            if (signedIn) update({ lastSyncedAt: deps.now() });
            deps.onPulled?.(body.documents.length);
            return { documents: body.documents as WithDeleted<AnyDoc>[], checkpoint: everyField(body.checkpoint) };
          },
        },
        ...(signedIn && !held && pushed.includes(name)
          ? {
              push: {
                batchSize: 100,
                async handler(rows) {
                  const ids = rows.map((row) => String(row.newDocumentState.id));
                  ids.forEach((id) => pending.add(id));
                  update({ pendingChanges: countPending() });
                  const response = await request(
                    `/v1/sync/${name}/push`,
                    {
                      method: 'POST',
                      headers: { 'content-type': 'application/json' },
                      body: JSON.stringify(rows),
                      signal: AbortSignal.timeout(30_000),
                    },
                    true,
                  );
                  if (!response.ok) throw new Error(`push ${name}: ${response.status}`);
                  ids.forEach((id) => pending.delete(id));
                  update({ pendingChanges: countPending(), lastSyncedAt: deps.now() });
                  return parseAnswer(
                    `/v1/sync/${name}/push`,
                    pushResponseSchema,
                    await response.json(),
                  ) as WithDeleted<AnyDoc>[];
                },
              },
            }
          : {}),
      });
      state.error$.subscribe((error) => update({ error: error.message.slice(0, 200) }));
      state.active$.subscribe((active) => {
        if (active) activeCollections.add(key);
        else activeCollections.delete(key);
        update({});
      });
      return state;
    });
    const stopStream = signedIn
      ? followEventStream({
          open: (signal) => deps.session.authorizedFetch('/v1/sync/stream', { signal }),
          onResync: () => {
            streams.forEach((s) => s.next('RESYNC'));
            remoteChanges$.next(Object.keys(COLLECTIONS));
          },
          onChange: (changed) => {
            const pulled = new Set(changed);
            if (changed.some((name) => CHANGE_THE_HELD_COURSES.has(name)))
              pulled.add(PULLED_BY_HELD_COURSES).add(`${HELD_SUMMARIES}|held`);
            pulled.forEach((key) => streams.get(key)?.next('RESYNC'));
            remoteChanges$.next(changed);
          },
          onConnectionChange: (connected) => update({ online: connected }),
        })
      : () => undefined;
    running = { states, streams, stopStream, pacers };
    update({ signedIn });
  }

  async function stopRunning(): Promise<void> {
    const current = running;
    running = undefined;
    if (!current) return;
    current.stopStream();
    current.pacers.forEach((pacer) => pacer.stop());
    await Promise.all(current.states.map((state) => state.cancel()));
    pendingByCollection.clear();
  }

  // Restart replication whenever the session changes (sign-in, sign-out, revoked).
  let lastStatus: string | undefined;
  let started: Promise<void> = Promise.resolve();
  const sessionSubscription = deps.session.state$.subscribe((state) => {
    // A new role changes what this device pushes (a new creator pushes drafts): restart then too.
    const key = `${state.status}|${state.user?.email ?? ''}|${state.user?.role ?? ''}`;
    if (key === lastStatus) return;
    lastStatus = key;
    started = stopRunning().then(start);
  });

  return {
    status$,
    remoteChanges$: remoteChanges$.asObservable(),
    resync: () => {
      running?.streams.forEach((s) => s.next('RESYNC'));
      remoteChanges$.next(Object.keys(COLLECTIONS));
    },
    async awaitInSync() {
      await started;
      await Promise.all((running?.states ?? []).map((state) => state.awaitInSync()));
      const { error: _cleared, ...rest } = status$.value;
      status$.next({ ...rest, lastSyncedAt: deps.now() });
    },
    async stop() {
      sessionSubscription.unsubscribe();
      await stopRunning();
    },
  };
}
