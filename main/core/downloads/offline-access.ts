import { createPublicKey, verify } from 'node:crypto';
import type { EntitlementDoc } from '../../../common/collections/index.js';
import type { OfflineAccess } from '../../../common/contract/downloads.js';
import { entitlementSignedText } from '../../../common/entitlement-payload.js';
import type { ClientDatabase } from '../database/open-client-database.js';

const KEY_DOC = 'key:entitlements';
const LAST_ONLINE_DOC = 'sync:lastOnlineAt';
const DAY = 86_400_000;
/** The app warns this many days before the grace period ends. */
export const WARN_DAYS = 3;

/** True when the entitlement carries the server's signature over exactly these fields. */
export function entitlementSignatureValid(doc: EntitlementDoc, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(entitlementSignedText(doc)), createPublicKey(publicKeyPem), Buffer.from(doc.signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * Owned content stays readable offline for a grace period after the device last reached
 * the server (30 days by default). Entitlements count only with the server's signature,
 * checked with its public key, so a document edited on the device grants nothing.
 */
export function createOfflineAccess(deps: { db: ClientDatabase; now: () => number; graceDays: () => number; fetchPublicKey: () => Promise<string | null> }) {
  const readValue = async <T>(id: string) => (await deps.db.localstate.findOne(id).exec())?.value as T | undefined;
  let lastRecorded = 0;

  return {
    /** Called whenever the server answered: moves the grace period on and fetches the key once. */
    async serverReached(): Promise<void> {
      const now = deps.now();
      if (now - lastRecorded < 60_000) return;
      lastRecorded = now;
      await deps.db.localstate.upsert({ id: LAST_ONLINE_DOC, value: now, updatedAt: now });
      if (!(await readValue<string>(KEY_DOC))) {
        const pem = await deps.fetchPublicKey().catch(() => null);
        if (pem) await deps.db.localstate.upsert({ id: KEY_DOC, value: pem, updatedAt: now });
      }
    },

    async status(): Promise<OfflineAccess> {
      const lastOnlineAt = (await readValue<number>(LAST_ONLINE_DOC)) ?? null;
      const graceDays = deps.graceDays();
      const daysLeft = lastOnlineAt === null ? 0 : Math.max(0, Math.ceil((lastOnlineAt + graceDays * DAY - deps.now()) / DAY));
      return { lastOnlineAt, graceDays, daysLeft, state: daysLeft === 0 ? 'go-online' : daysLeft <= WARN_DAYS ? 'expires-soon' : 'ok' };
    },

    /** Whether `userId` may open owned content of `courseId` on this device right now. */
    async canRead(userId: string | undefined, courseId: string): Promise<'ok' | 'not-owned' | 'go-online'> {
      const pem = await readValue<string>(KEY_DOC);
      const entitlements = (await deps.db.entitlements.find({ selector: { courseId } }).exec()).map((d) => d.toJSON() as EntitlementDoc);
      const valid = entitlements.some((e) => e.userId === userId && e.revokedAt === undefined && pem !== undefined && entitlementSignatureValid(e, pem));
      if (!valid) return 'not-owned';
      return (await this.status()).state === 'go-online' ? 'go-online' : 'ok';
    },
  };
}

export type OfflineAccessChecker = ReturnType<typeof createOfflineAccess>;
