import { EventEmitter } from 'node:events';

/** A committed change, as much as a listener needs to decide whether its user may care. */
export interface ChangeNotice {
  collection: string;
  ownerId: string | null;
  isPublic: boolean;
}

/**
 * Tells open event streams that something changed after a commit. In-process; several
 * server processes on one PostgreSQL relay notices through it (LISTEN/NOTIFY).
 */
export class ChangeHub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(notices: ChangeNotice[]): void {
    if (notices.length > 0) this.emitter.emit('changes', notices);
  }

  subscribe(listener: (notices: ChangeNotice[]) => void): () => void {
    this.emitter.on('changes', listener);
    return () => this.emitter.off('changes', listener);
  }
}
