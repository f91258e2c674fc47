import { z } from 'zod';
import { SERVER_SIGNATURE_PATTERN } from './entitlement-payload.js';
import { canonicalJson } from './canonical-json.js';

/**
 * A content pack: lessons' content encrypted with per-lesson pack keys, for carrying courses on
 * a USB drive to machines that should not download them again. The pack holds no key: a device
 * asks the server for the keys of the lessons its user may read (a few bytes each). The
 * manifest is signed by the server, so a changed manifest or file is refused.
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const packEntrySchema = z
  .object({
    lessonId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    courseId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    /** File name inside the pack folder. */
    file: z.string().regex(/^[0-9a-f]{32}\.zkp$/),
    plainBytes: z.number().int().nonnegative(),
    plainSha256: sha256,
    packedBytes: z.number().int().nonnegative(),
    packedSha256: sha256,
  })
  .strict();
export const packManifestSchema = z
  .object({
    format: z.literal('zhiku-pack'),
    version: z.literal(1),
    createdAt: z.number().int().nonnegative(),
    serverUrl: z.string().url().max(2048),
    courseIds: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/))
      .min(1)
      .max(500),
    lessons: z.array(packEntrySchema).min(1).max(20_000),
  })
  .strict();
export type PackManifest = z.infer<typeof packManifestSchema>;
export type PackEntry = z.infer<typeof packEntrySchema>;

export const signedPackManifestSchema = z
  .object({ manifest: z.unknown(), signature: z.string().regex(SERVER_SIGNATURE_PATTERN) })
  .strict();

export const PACK_FOLDER = 'zhiku-pack';
export const PACK_MANIFEST = 'manifest.json';

/** The exact text the server signs and devices verify. */
export function packSignedText(manifest: unknown): string {
  return `zhiku-pack\n${canonicalJson(manifest)}`;
}
