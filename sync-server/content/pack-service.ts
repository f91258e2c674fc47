import { hkdfSync } from 'node:crypto';
import { packManifestSchema, packSignedText } from '../../common/content-pack.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { HttpError } from '../http/http-error.js';
import type { ContentService } from './content-service.js';

/**
 * Content packs on the server: each lesson's pack key is derived from the server secret and the
 * lesson's content hash (a new version gets a new key), and given only to callers who may read
 * the lesson, exactly as the content itself would be. A pack's manifest is signed only for a
 * caller who may read every lesson in it, and only when every hash matches the current content.
 */
export function createPackService(deps: { secret: Uint8Array; content: ContentService; signer: EntitlementSigner }) {
  const keyOf = (lessonId: string, sha256: string) => Buffer.from(hkdfSync('sha256', deps.secret, 'zhiku', `pack-key:${lessonId}:${sha256}`, 32)).toString('base64url');
  return {
    async keys(caller: AccessClaims | null, lessonIds: readonly string[]): Promise<{ keys: Record<string, { key: string; sha256: string }>; refused: string[] }> {
      const keys: Record<string, { key: string; sha256: string }> = {};
      const refused: string[] = [];
      for (const lessonId of new Set(lessonIds)) {
        try {
          const { sha256 } = await deps.content.readableContent(caller, lessonId);
          keys[lessonId] = { key: keyOf(lessonId, sha256), sha256 };
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          refused.push(lessonId);
        }
      }
      return { keys, refused };
    },
    async sign(caller: AccessClaims, manifestInput: unknown): Promise<{ manifest: unknown; signature: string }> {
      const manifest = packManifestSchema.parse(manifestInput);
      for (const entry of manifest.lessons) {
        const { sha256 } = await deps.content.readableContent(caller, entry.lessonId);
        if (sha256 !== entry.plainSha256) throw new HttpError('CONFLICT', `Lesson ${entry.lessonId} changed since it was downloaded; download it again before exporting.`);
      }
      return { manifest, signature: deps.signer.signText(packSignedText(manifest)) };
    },
  };
}

export type PackService = ReturnType<typeof createPackService>;
