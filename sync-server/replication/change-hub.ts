import { EventEmitter } from 'node:events';

/** A committed change, as much as a listener needs to decide whether its user may care. */
export interface ChangeNotice {
  collection: string;
  ownerId: string | null;
  isPublic: boolean;
}

/**
 * Tells open event streams that something changed after a commit. In-process by default;
 * with several servers on one PostgreSQL, `relay` forwards notices to the others
 * (LISTEN/NOTIFY, see postgres-change-relay.ts), which `receive` them.
 */
export class ChangeHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  relay: ((notices: ChangeNotice[]) => void) | undefined;
  /** Forwards a resync to the other servers (set by the relay). */
  relayResync: (() => void) | undefined;

  publish(notices: ChangeNotice[]): void {
    if (notices.length === 0) return;
    this.receive(notices);
    this.relay?.(notices);
  }

  receive(notices: ChangeNotice[]): void {
    this.emitter.emit('changes', notices);
  }

  /** Notices may have been missed (the relay was cut off): listeners must assume anything changed. */
  resync(): void {
    this.emitter.emit('resync');
  }

  /**
   * Something may have become visible without a notice of its own (a sequence lease given back
   * after a failed write had capped pulls): every stream, on every server, re-pulls.
   */
  resyncEverywhere(): void {
    this.resync();
    this.relayResync?.();
  }

  subscribe(listener: (notices: ChangeNotice[]) => void, onResync?: () => void): () => void {
    this.emitter.on('changes', listener);
    if (onResync) this.emitter.on('resync', onResync);
    return () => {
      this.emitter.off('changes', listener);
      if (onResync) this.emitter.off('resync', onResync);
    };
  }
}
