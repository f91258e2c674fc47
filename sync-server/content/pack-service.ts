import { hkdfSync } from 'node:crypto';
import { packManifestSchema, packSignedText } from '../../common/content-pack.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import type { ContentService } from './content-service.js';

/**
 * Content packs on the server: each lesson's pack key is derived from the server secret and the
 * lesson's content hash (a new version gets a new key), and given only to callers who may read
 * the lesson, exactly as the content itself would be. A pack's manifest is signed only for a
 * caller who may read every lesson in it, and only when every hash matches the current content.
 */
export function createPackService(deps: { secret: Uint8Array; content: ContentService; signer: EntitlementSigner }) {
  const keyOf = (lessonId: string, sha256: string) =>
    Buffer.from(hkdfSync('sha256', deps.secret, 'zhiku', `pack-key:${lessonId}:${sha256}`, 32)).toString('base64url');
  return {
    async keys(
      caller: AccessClaims | null,
      lessonIds: readonly string[],
    ): Promise<{ keys: Record<string, { key: string; sha256: string }>; refused: string[] }> {
      const keys: Record<string, { key: string; sha256: string }> = {};
      const refused: string[] = [];
      for (const lessonId of new Set(lessonIds)) {
        try {
          const { sha256 } = await deps.content.readableContent(caller, lessonId);
          keys[lessonId] = { key: keyOf(lessonId, sha256), sha256 };
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused.push(lessonId);
        }
      }
      return { keys, refused };
    },
    async sign(caller: AccessClaims, manifestInput: unknown): Promise<{ manifest: unknown; signature: string }> {
      const manifest = packManifestSchema.parse(manifestInput);
      // The server vouches for every id it signs: courses the caller holds, lessons of those courses as they are now.
      const courseIds = new Set(manifest.courseIds);
      if (courseIds.size !== manifest.courseIds.length)
        throw new DomainError('INVALID_INPUT', 'A pack names each course once.');
      for (const courseId of courseIds) {
        if (!(await deps.content.holdsCourse(caller, courseId)))
          throw new DomainError('FORBIDDEN', `You can pack only courses you own; ${courseId} is not one of them.`);
      }
      const packed = new Set<string>();
      for (const entry of manifest.lessons) {
        const found = await deps.content.readableContent(caller, entry.lessonId);
        if (found.courseId !== entry.courseId || !courseIds.has(entry.courseId))
          throw new DomainError(
            'INVALID_INPUT',
            `Lesson ${entry.lessonId} is not part of the course the pack names for it.`,
          );
        if (found.sha256 !== entry.plainSha256)
          throw new DomainError(
            'CONFLICT',
            `Lesson ${entry.lessonId} changed since it was downloaded; download it again before exporting.`,
          );
        packed.add(entry.courseId);
      }
      if (packed.size !== courseIds.size)
        throw new DomainError('INVALID_INPUT', 'Every course a pack names must have lessons in it.');
      return { manifest, signature: deps.signer.signText(packSignedText(manifest)) };
    },
  };
}

export type PackService = ReturnType<typeof createPackService>;
