/** The exact text an entitlement's Ed25519 signature covers; server and device build it alike. */
export interface EntitlementSignedFields {
  id: string;
  userId: string;
  courseId: string;
  grantedAt: number;
  revokedAt?: number | undefined;
  /** A membership's validity, renewal and scope (covered by v3 signatures). */
  validUntil?: number | undefined;
  renews?: boolean | undefined;
  scope?: { kind: string; creatorId?: string; courseIds?: string[] } | undefined;
}

/**
 * v1 (no key id) is what servers signed before keys could rotate; v2 names the key, so a
 * signature made with one key can never be read as made with another.
 */
export function entitlementSignedText(fields: EntitlementSignedFields, keyId?: string): string {
  const membership = fields.validUntil !== undefined || fields.scope !== undefined;
  // v3 (memberships) also covers how long it is valid, whether it renews and what it opens.
  const head =
    keyId === undefined
      ? ['zhiku-entitlement-v1']
      : membership
        ? ['zhiku-entitlement-v3', keyId]
        : ['zhiku-entitlement-v2', keyId];
  const base = [
    ...head,
    fields.id,
    fields.userId,
    fields.courseId,
    String(fields.grantedAt),
    String(fields.revokedAt ?? ''),
  ];
  if (!membership || keyId === undefined) return base.join('\n');
  return [...base, String(fields.validUntil ?? ''), fields.renews ? 'renews' : 'ends', scopeText(fields.scope)].join(
    '\n',
  );
}

/** A scope as one line: its kind, then the creator or the sorted course ids. */
function scopeText(scope: EntitlementSignedFields['scope']): string {
  if (!scope) return '';
  if (scope.kind === 'creator') return `creator:${scope.creatorId ?? ''}`;
  if (scope.kind === 'courses') return `courses:${[...(scope.courseIds ?? [])].sort().join(',')}`;
  return scope.kind;
}

/** A signature as stored: `<keyId>.<base64url>` since key rotation, plain base64url before. */
export function splitSignature(signature: string): { keyId: string | undefined; value: string } {
  const dot = signature.indexOf('.');
  return dot < 0
    ? { keyId: undefined, value: signature }
    : { keyId: signature.slice(0, dot), value: signature.slice(dot + 1) };
}

/** Key ids are short and safe in a file name or a header. */
export const KEY_ID_PATTERN = /^k[0-9a-z]{6,24}$/;

/** A server signature as carried in files and documents: optionally `<keyId>.` then base64url. */
export const SERVER_SIGNATURE_PATTERN = /^(k[0-9a-z]{6,24}\.)?[A-Za-z0-9_-]{40,200}$/;

/** The text a server statement's signature covers: the key id first when the signature names one. */
export function signedTextWithKey(text: string, keyId: string | undefined): string {
  return keyId === undefined ? text : `${keyId}\n${text}`;
}

/** What `GET /v1/keys` answers: every key that verifies, and the one signing now. */
export interface ServerKeySet {
  active: string;
  keys: { kid: string; publicKeyPem: string; createdAt: number; legacy: boolean }[];
}
