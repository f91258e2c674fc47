import { z } from 'zod';
import {
  codesResponseSchema,
  courseIdResponseSchema,
  invitationViewSchema,
  memberViewSchema,
  myOrganizationsSchema,
  myPoolsSchema,
  rosterImportSchema as rosterImportResponseSchema,
} from '../server-api/responses.js';

/** The in-app institution admin: organizations, members, rosters, seats. Mirrors the server's answers. */
export interface InstitutionOverview {
  organizations: { id: string; name: string; role: 'learner' | 'admin' }[];
  pools: SeatPoolView[];
}
export interface SeatPoolView {
  poolId: string;
  institution: string;
  courseId: string;
  seatsTotal: number;
  seatsUsed: number;
  holders: { userId: string; displayName: string; email: string; since: number }[];
}
export interface MemberExamResult {
  courseId: string;
  lessonId: string;
  title: { zh: string; en: string };
  attempts: number;
  bestPercent: number;
  passed: boolean;
}
export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: 'learner' | 'admin';
  joinedAt: number;
  courses: number;
  completion: number;
  /** Exercises mastered, and certificates held (not revoked). */
  exercisesMastered: number;
  certificates: number;
  /** Each exam the member sat (graded sittings only): how many times, their best score, whether passed. */
  exams: MemberExamResult[];
  lastSyncedAt: number | null;
  /** The admin may set this person's password: an invitation (see `status`) or an account the organization made that its owner has not taken over. */
  needsPassword: boolean;
  /** invited: on the roster, not joined yet (they sign in with the admin's password, or accept from their own account). */
  status: 'member' | 'invited';
}
/** An organization's invitation to the signed-in account: accepting makes it a member. */
export interface InvitationView {
  id: string;
  organization: { id: string; name: string };
  role: 'learner' | 'admin';
  invitedAt: number;
}
export interface RosterImport {
  dryRun: boolean;
  rows: {
    line: number;
    email: string;
    displayName: string;
    role: 'learner' | 'admin';
    status: 'to-invite' | 'already-invited' | 'already-member';
  }[];
  problems: { line: number; message: string }[];
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
export const institutionOverviewSchema: z.ZodType<InstitutionOverview> = z.object({
  organizations: myOrganizationsSchema.shape.organizations,
  pools: myPoolsSchema.shape.pools,
});
export const organizationInputSchema = z.object({ organizationId: id }).strict();
export const membersSchema: z.ZodType<MemberView[]> = z.array(memberViewSchema);
export const rosterInputSchema = z
  .object({
    organizationId: id,
    csv: z.string().max(900_000, 'A roster file is at most 900 KB; split larger ones.'),
    dryRun: z.boolean(),
  })
  .strict();
export const rosterImportSchema: z.ZodType<RosterImport> = rosterImportResponseSchema;
export const passwordResetInputSchema = z
  .object({ organizationId: id, userId: id, password: z.string().min(10, 'At least 10 characters.').max(256) })
  .strict();
export const codesInputSchema = z
  .object({ poolId: id, count: z.number().int().min(1).max(500), maxUses: z.number().int().min(1).max(100_000) })
  .strict();
export const codesSchema = codesResponseSchema;
export const reassignInputSchema = z.object({ poolId: id, fromUserId: id, toUserId: id }).strict();
export const reassignSchema = courseIdResponseSchema;
export const invitationsSchema: z.ZodType<InvitationView[]> = z.array(invitationViewSchema);
export const invitationAnswerInputSchema = z.object({ invitationId: id, accept: z.boolean() }).strict();
export const invitationWithdrawInputSchema = z.object({ organizationId: id, invitationId: id }).strict();
