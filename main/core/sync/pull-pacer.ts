import { pullProgress, type PullCheckpoint } from '../../../common/server-api/replication.js';
import type { Observable, Subscription } from 'rxjs';

/** How long a pull waits at most for the page before last to be stored (a stuck write must not stop sync for good). */
export const PACER_WAIT_LIMIT_MS = 60_000;

/** What the pacer reads from a replication's meta storage: its change events. */
export interface CheckpointSource {
  changeStream(): Observable<{ events: { documentData: unknown }[] }>;
}

/** How far the downstream checkpoint a meta document records has come, when it is one (pullProgress). */
function storedDownCheckpoint(doc: unknown): number | undefined {
  const meta = doc as { isCheckpoint?: string; itemId?: string; checkpointData?: PullCheckpoint } | null;
  if (meta?.isCheckpoint !== '1' || meta.itemId !== 'down') return undefined;
  return typeof meta.checkpointData?.seq === 'number' ? pullProgress(meta.checkpointData) : undefined;
}

/**
 * Keeps a collection's pulls at most one page ahead of what is stored. RxDB's downstream asks for
 * the next page as soon as one arrives and queues the writes: on a fast network a first sync
 * would hold the whole catalogue in memory, and a kill would lose everything not yet written
 * (all of it is pulled again). Before each pull the pacer waits until the page before the last
 * one is stored — RxDB writes a page's checkpoint to its meta storage only after the page — so
 * one page is written while the next is fetched, memory stays bounded, and a restart resumes
 * at most two pages back.
 */
export class PullPacer {
  private stored = Number.NEGATIVE_INFINITY;
  private lastPulled: number | undefined;
  private subscription: Subscription | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly waitLimitMs = PACER_WAIT_LIMIT_MS) {}

  /** Starts following the stored checkpoints (once; the meta storage exists once replication runs). */
  follow(source: CheckpointSource | undefined): void {
    if (this.subscription || !source) return;
    this.subscription = source.changeStream().subscribe((bulk) => {
      for (const event of bulk.events) {
        const seq = storedDownCheckpoint(event.documentData);
        if (seq !== undefined) this.noteStored(seq);
      }
    });
  }

  noteStored(seq: number): void {
    if (seq <= this.stored) return;
    this.stored = seq;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Called before pulling after `pulledSeq`, how far RxDB's checkpoint of what it has pulled so
   * far has come (pullProgress: a sequence number, or a newest-first pass's count down).
   * The first pull of a run, and any that goes back (a resync), start from the checkpoint RxDB
   * read from storage: that one is stored. Otherwise the page before last must be stored first.
   */
  async beforePull(pulledSeq: number, signal?: AbortSignal): Promise<void> {
    const previous = this.lastPulled;
    this.lastPulled = pulledSeq;
    if (previous === undefined || pulledSeq <= previous) {
      this.noteStored(pulledSeq);
      return;
    }
    const deadline = Date.now() + this.waitLimitMs;
    while (this.stored < previous && !signal?.aborted && !this.stopped) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        this.waiters.add(done);
      });
    }
  }

  private stopped = false;

  /** Replication ended: nothing waits any more. */
  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    for (const wake of [...this.waiters]) wake();
  }
}
