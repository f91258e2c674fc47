import type { EntitlementDoc } from '../../common/collections/index.js';
import { splitSignature } from '../../common/entitlement-payload.js';
import { entitlementsByIds } from '../data/commerce-tables.js';
import { DomainError } from '../domain/domain-error.js';
import type { DocumentStore } from '../replication/document-store.js';
import { forUpdate, type SqlDatabase } from '../sql/sql-database.js';
import { retireSigningKey, rotateSigningKey, type ReloadingSigner } from '../accounts/entitlement-signer.js';

/**
 * Rotating the signing keys (docs/security.md, "Keys"): `rotate` adds a key that signs from now
 * on while every older key still verifies; `retire` first signs again, with the active key, every
 * entitlement the old key signed (devices pull them like any change), then the old key stops
 * verifying. Other instances pick a rotation up within a minute.
 */
export function createKeyRotation(deps: {
  db: SqlDatabase;
  documents: DocumentStore;
  signer: ReloadingSigner;
  now: () => number;
}) {
  return {
    async rotate(): Promise<string> {
      const kid = await rotateSigningKey(deps.db, deps.now());
      await deps.signer.reload();
      return kid;
    },

    async retire(kid: string): Promise<{ resigned: number }> {
      await deps.signer.reload();
      const key = deps.signer.publicKeys().find((k) => k.kid === kid);
      if (!key) throw new DomainError('NOT_FOUND', `No signing key ${kid} is in use.`);
      if (kid === deps.signer.activeKeyId)
        throw new DomainError('CONFLICT', 'This key signs now: rotate to a new key before retiring it.');
      const signedByIt = (doc: Pick<EntitlementDoc, 'signature'>) => {
        const { keyId } = splitSignature(doc.signature);
        return keyId === kid || (keyId === undefined && key.legacy);
      };
      const ids = (
        await deps.db.all<{ id: string; signature: string }>('SELECT id, signature FROM entitlements ORDER BY id')
      )
        .filter((row) => signedByIt({ signature: row.signature }))
        .map((row) => row.id);
      let resigned = 0;
      for (let i = 0; i < ids.length; i += 200) {
        const batch = ids.slice(i, i + 200);
        // Read again inside the transaction: a grant or revocation meanwhile is signed as it is now.
        resigned += await deps.documents.serverTransaction(async (tx, write) => {
          const docs = (await entitlementsByIds(tx, batch, forUpdate(tx))).filter(signedByIt);
          for (const doc of docs)
            write(
              'entitlements',
              { ...doc, signature: deps.signer.sign(doc), updatedAt: deps.now(), _deleted: false },
              { ownerId: doc.userId, isPublic: false },
            );
          return docs.length;
        });
      }
      await retireSigningKey(deps.db, kid, deps.now());
      await deps.signer.reload();
      return { resigned };
    },
  };
}
