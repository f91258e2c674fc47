/** The exact text an entitlement's Ed25519 signature covers; server and device build it alike. */
export interface EntitlementSignedFields {
  id: string;
  userId: string;
  courseId: string;
  grantedAt: number;
  revokedAt?: number | undefined;
}

export function entitlementSignedText(fields: EntitlementSignedFields): string {
  return ['zhiku-entitlement-v1', fields.id, fields.userId, fields.courseId, String(fields.grantedAt), String(fields.revokedAt ?? '')].join('\n');
}
