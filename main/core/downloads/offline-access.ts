import type { EntitlementDoc } from '../../../common/collections/index.js';
import type { OfflineAccess } from '../../../common/contract/downloads.js';
import { entitlementSignedText } from '../../../common/entitlement-payload.js';
import type { ClientDatabase } from '../database/open-client-database.js';
import { membershipsOpening } from '../payments/membership-holdings.js';
import { verifyWithKey, type ServerKeys } from '../server-keys.js';

const KEY_DOC = 'key:entitlements';
const LAST_ONLINE_DOC = 'sync:lastOnlineAt';
const DAY = 86_400_000;
/** The app warns this many days before the grace period ends. */
export const WARN_DAYS = 3;

/** The key set is asked again at most this often (new keys after a rotation; retired ones dropped). */
const KEY_REFRESH_MS = 10 * 60_000;

/**
 * Owned content stays readable offline for a grace period after the device last reached
 * the server (30 days by default). Entitlements count only with the server's signature,
 * checked with its public key, so a document edited on the device grants nothing.
 */
export function createOfflineAccess(deps: {
  db: ClientDatabase;
  now: () => number;
  graceDays: () => number;
  keys: ServerKeys;
  serverUrl: () => string;
}) {
  const readValue = async <T>(id: string) => (await deps.db.localstate.findOne(id).exec())?.value as T | undefined;
  let lastRecorded = 0;
  let keysRefreshedAt = 0;

  /** Signed by the server this device syncs with: by a pinned key with the signature's id, or (before key ids) the key pinned back then. */
  async function signatureValid(doc: EntitlementDoc): Promise<boolean> {
    if (await deps.keys.verify(deps.serverUrl(), doc.signature, (keyId) => entitlementSignedText(doc, keyId)))
      return true;
    const earlier = await readValue<string>(KEY_DOC);
    return (
      earlier !== undefined &&
      !doc.signature.includes('.') &&
      verifyWithKey(earlier, entitlementSignedText(doc), doc.signature)
    );
  }

  return {
    /** Called whenever the server answered: moves the grace period on and fetches the key once. */
    async serverReached(): Promise<void> {
      const now = deps.now();
      if (now - lastRecorded < 60_000) return;
      lastRecorded = now;
      await deps.db.localstate.upsert({ id: LAST_ONLINE_DOC, value: now, updatedAt: now });
      if (now - keysRefreshedAt >= KEY_REFRESH_MS && (await deps.keys.refresh(deps.serverUrl()))) keysRefreshedAt = now;
    },

    async status(): Promise<OfflineAccess> {
      const lastOnlineAt = (await readValue<number>(LAST_ONLINE_DOC)) ?? null;
      const graceDays = deps.graceDays();
      const daysLeft =
        lastOnlineAt === null ? 0 : Math.max(0, Math.ceil((lastOnlineAt + graceDays * DAY - deps.now()) / DAY));
      return {
        lastOnlineAt,
        graceDays,
        daysLeft,
        state: daysLeft === 0 ? 'go-online' : daysLeft <= WARN_DAYS ? 'expires-soon' : 'ok',
      };
    },

    /** Whether `userId` may open owned content of `courseId` on this device right now. */
    async canRead(userId: string | undefined, courseId: string): Promise<'ok' | 'not-owned' | 'go-online'> {
      const entitlements = (await deps.db.entitlements.find({ selector: { courseId } }).exec()).map(
        (d) => d.toJSON() as EntitlementDoc,
      );
      let valid = false;
      for (const e of entitlements)
        if (!valid && e.userId === userId && e.revokedAt === undefined) valid = await signatureValid(e);
      // Or a membership that opens it now (its validity and scope are under the server's signature too).
      if (!valid && userId)
        for (const membership of await membershipsOpening(
          deps.db,
          userId,
          courseId,
          deps.now(),
          deps.graceDays() * DAY,
        ))
          if (!valid) valid = await signatureValid(membership);
      if (!valid) return 'not-owned';
      return (await this.status()).state === 'go-online' ? 'go-online' : 'ok';
    },
  };
}

export type OfflineAccessChecker = ReturnType<typeof createOfflineAccess>;
