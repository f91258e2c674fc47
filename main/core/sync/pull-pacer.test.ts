import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PullPacer } from './pull-pacer.js';

/** Whether `promise` has settled once pending callbacks have run (no timing involved). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

const checkpointWritten = (seq: number) => ({
  events: [{ documentData: { isCheckpoint: '1', itemId: 'down', checkpointData: { seq } } }],
});

describe('the pull pacer', () => {
  it('lets a pull through only once the page before the last one is stored', async () => {
    const meta = new Subject<{ events: { documentData: unknown }[] }>();
    const pacer = new PullPacer();
    pacer.follow({ changeStream: () => meta.asObservable() });
    // The first pull starts from the stored checkpoint; the second may run while the first page is written.
    expect(await settled(pacer.beforePull(0))).toBe(true);
    expect(await settled(pacer.beforePull(1000))).toBe(true);
    // The third waits for the first page (checkpoint 1000) to be stored.
    const third = pacer.beforePull(2000);
    expect(await settled(third)).toBe(false);
    // Other meta documents (assumed master states) and the upstream checkpoint do not count.
    meta.next({ events: [{ documentData: { isCheckpoint: '0', itemId: 'course-1' } }] });
    meta.next({ events: [{ documentData: { isCheckpoint: '1', itemId: 'up', checkpointData: { seq: 5000 } } }] });
    meta.next(checkpointWritten(999));
    expect(await settled(third)).toBe(false);
    meta.next(checkpointWritten(1000));
    expect(await settled(third)).toBe(true);
  });

  it('does not wait when the checkpoint went back (a resync reads it from storage)', async () => {
    const pacer = new PullPacer();
    await pacer.beforePull(0);
    await pacer.beforePull(1000);
    expect(await settled(pacer.beforePull(500))).toBe(true);
    // From there, the page after 500 is what must be stored next.
    expect(await settled(pacer.beforePull(1500))).toBe(true);
    const next = pacer.beforePull(2500);
    expect(await settled(next)).toBe(false);
    pacer.noteStored(1500);
    expect(await settled(next)).toBe(true);
  });

  it('releases a waiting pull when replication stops or the pull is aborted', async () => {
    const pacer = new PullPacer();
    await pacer.beforePull(0);
    await pacer.beforePull(1000);
    const waiting = pacer.beforePull(2000);
    pacer.stop();
    expect(await settled(waiting)).toBe(true);

    const other = new PullPacer();
    const abort = new AbortController();
    await other.beforePull(0);
    await other.beforePull(1000);
    const aborted = other.beforePull(2000, abort.signal);
    expect(await settled(aborted)).toBe(false);
    abort.abort();
    expect(await settled(aborted)).toBe(true);
  });

  it('gives up waiting after its limit, so a stuck write cannot stop sync for good', async () => {
    const pacer = new PullPacer(20);
    await pacer.beforePull(0);
    await pacer.beforePull(1000);
    await pacer.beforePull(2000); // resolves after 20 ms, though nothing was stored
    expect(await settled(pacer.beforePull(1500))).toBe(true);
  });
});
