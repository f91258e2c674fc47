import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../settings.js';
import { appInfoSchema, diagnosticsSchema } from './app-info.js';
import { serverStatusSchema } from './server-status.js';
import { courseRecommendationsSchema, recommenderStatusSchema } from './recommendations.js';
import { provisioningStatusSchema } from './provisioning.js';
import {
  codesInputSchema,
  codesSchema,
  institutionOverviewSchema,
  invitationAnswerInputSchema,
  invitationWithdrawInputSchema,
  invitationsSchema,
  membersSchema,
  organizationInputSchema,
  passwordResetInputSchema,
  reassignInputSchema,
  reassignSchema,
  rosterImportSchema,
  rosterInputSchema,
} from './institution.js';
import { recoveryIdInputSchema, recoveryRestoreOutputSchema, recoveryStatusSchema } from './recovery.js';
import {
  packExportInputSchema,
  packExportOutputSchema,
  packImportInputSchema,
  packImportOutputSchema,
  packStatusSchema,
} from './packs.js';
import {
  categoriesSchema,
  courseDetailSchema,
  courseIdInputSchema,
  courseListQuerySchema,
  courseListSchema,
} from './catalog.js';
import {
  courseIdForDownloadSchema,
  downloadItemSchema,
  downloadsViewSchema,
  lessonIdInputSchema,
  offlineAccessSchema,
} from './downloads.js';
import {
  checkoutInputSchema,
  checkoutStartedSchema,
  courseAccessSchema,
  redeemInputSchema,
  redeemResultSchema,
} from './purchases.js';
import {
  courseReviewsSchema,
  deviceIdInputSchema,
  devicesSchema,
  homeSectionsSchema,
  librarySchema,
  ownedCoursesSchema,
  noteIdInputSchema,
  noteInputSchema,
  noteOutputSchema,
  notesExportInputSchema,
  notesExportSchema,
  notesOutputSchema,
  notesQuerySchema,
  openedLessonSchema,
  progressInputSchema,
  progressOutputSchema,
  ratingInputSchema,
  ratingOutputSchema,
} from './learning.js';
import {
  conflictResolveSchema,
  creatorReviewsSchema,
  learnersSchema,
  draftCreateSchema,
  draftIdSchema,
  draftListSchema,
  draftPatchSchema,
  draftSchema,
  draftViewSchema,
  lessonAddSchema,
  mediaChunkSchema,
  mediaUploadSchema,
  mediaUploadsSchema,
  lessonMoveSchema,
  lessonPatchSchema,
  lessonRefSchema,
  publishResultSchema,
  salesSchema,
  sectionAddSchema,
  sectionMoveSchema,
  sectionRenameSchema,
} from './authoring.js';
import { searchInputSchema, searchResultsSchema } from './search.js';
import { secretStorageChoiceSchema, secretStorageStatusSchema } from './secrets.js';
import { sessionStateSchema, signInInputSchema, signUpInputSchema, syncStatusSchema } from './session.js';

/** Operations that take no arguments still get an object, so they can grow fields later. */
export const noInput = z.object({}).strict();

/**
 * Every request the UI may make of the core. The key is the operation's name on every
 * transport; input is validated at the boundary, output describes what the core returns.
 */
export const operations = {
  'app.getInfo': { input: noInput, output: appInfoSchema },
  'app.diagnostics': { input: noInput, output: diagnosticsSchema },
  'settings.get': { input: noInput, output: settingsSchema },
  'settings.update': { input: settingsPatchSchema, output: settingsSchema },
  'server.checkStatus': { input: noInput, output: serverStatusSchema },
  'secrets.choose': { input: secretStorageChoiceSchema, output: secretStorageStatusSchema },
  'account.signUp': { input: signUpInputSchema, output: sessionStateSchema },
  'account.signIn': { input: signInInputSchema, output: sessionStateSchema },
  'account.signOut': { input: noInput, output: sessionStateSchema },
  'sync.now': { input: noInput, output: syncStatusSchema },
  'downloads.start': { input: lessonIdInputSchema, output: downloadItemSchema.nullable() },
  'downloads.remove': { input: lessonIdInputSchema, output: downloadsViewSchema },
  'downloads.pause': { input: lessonIdInputSchema, output: downloadsViewSchema },
  'downloads.startCourse': { input: courseIdForDownloadSchema, output: downloadsViewSchema },
  'packs.export': { input: packExportInputSchema, output: packExportOutputSchema },
  'recovery.restore': { input: recoveryIdInputSchema, output: recoveryRestoreOutputSchema },
  'recovery.dismiss': { input: recoveryIdInputSchema, output: noInput },
  'institution.overview': { input: noInput, output: institutionOverviewSchema },
  'institution.members': { input: organizationInputSchema, output: membersSchema },
  'institution.roster': { input: rosterInputSchema, output: rosterImportSchema },
  'institution.resetPassword': { input: passwordResetInputSchema, output: noInput },
  'institution.createCodes': { input: codesInputSchema, output: codesSchema },
  'institution.reassignSeat': { input: reassignInputSchema, output: reassignSchema },
  'institution.invitations': { input: noInput, output: invitationsSchema },
  'institution.answerInvitation': { input: invitationAnswerInputSchema, output: noInput },
  'institution.withdrawInvitation': { input: invitationWithdrawInputSchema, output: noInput },
  'packs.import': { input: packImportInputSchema, output: packImportOutputSchema },
  'downloads.removeCourse': { input: courseIdForDownloadSchema, output: downloadsViewSchema },
  'purchases.checkout': { input: checkoutInputSchema, output: checkoutStartedSchema },
  'purchases.redeem': { input: redeemInputSchema, output: redeemResultSchema },
  'search.query': { input: searchInputSchema, output: searchResultsSchema },
  'lessons.open': { input: lessonIdInputSchema, output: openedLessonSchema },
  'progress.save': { input: progressInputSchema, output: progressOutputSchema },
  'notes.save': { input: noteInputSchema, output: noteOutputSchema },
  'notes.delete': { input: noteIdInputSchema, output: noInput },
  'notes.export': { input: notesExportInputSchema, output: notesExportSchema },
  'ratings.save': { input: ratingInputSchema, output: ratingOutputSchema },
  'account.listDevices': { input: noInput, output: devicesSchema },
  'account.revokeDevice': { input: deviceIdInputSchema, output: devicesSchema },
  'creator.become': { input: noInput, output: sessionStateSchema },
  'creator.sales': { input: noInput, output: salesSchema },
  'creator.learners': { input: noInput, output: learnersSchema },
  'drafts.create': { input: draftCreateSchema, output: draftSchema },
  'drafts.update': { input: draftPatchSchema, output: draftSchema },
  'drafts.addSection': { input: sectionAddSchema, output: draftSchema },
  'drafts.renameSection': { input: sectionRenameSchema, output: draftSchema },
  'drafts.moveSection': { input: sectionMoveSchema, output: draftSchema },
  'drafts.addLesson': { input: lessonAddSchema, output: draftSchema },
  'drafts.updateLesson': { input: lessonPatchSchema, output: draftSchema },
  'drafts.moveLesson': { input: lessonMoveSchema, output: draftSchema },
  'drafts.removeLesson': { input: lessonRefSchema, output: draftSchema },
  'drafts.undo': { input: draftIdSchema, output: draftSchema },
  'drafts.resolveConflict': { input: conflictResolveSchema, output: draftSchema },
  'drafts.uploadMedia': { input: mediaChunkSchema, output: mediaUploadSchema },
  'drafts.publish': { input: draftIdSchema, output: publishResultSchema },
  'drafts.unpublish': { input: draftIdSchema, output: draftSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/**
 * Live queries: the core pushes the current value on subscribe and again on every change.
 */
export const subscriptions = {
  'settings.watch': { input: noInput, output: settingsSchema },
  'server.watchStatus': { input: noInput, output: serverStatusSchema },
  'secrets.watch': { input: noInput, output: secretStorageStatusSchema },
  'catalog.watchCourses': { input: courseListQuerySchema, output: courseListSchema },
  'catalog.watchCourse': { input: courseIdInputSchema, output: courseDetailSchema },
  'catalog.watchCategories': { input: noInput, output: categoriesSchema },
  'account.watchSession': { input: noInput, output: sessionStateSchema },
  'sync.watchStatus': { input: noInput, output: syncStatusSchema },
  'downloads.watch': { input: noInput, output: downloadsViewSchema },
  'library.watchOfflineAccess': { input: noInput, output: offlineAccessSchema },
  'library.watchCourseAccess': { input: courseIdInputSchema, output: courseAccessSchema },
  'library.watch': { input: noInput, output: librarySchema },
  'library.watchOwned': { input: noInput, output: ownedCoursesSchema },
  'home.watch': { input: noInput, output: homeSectionsSchema },
  'recommendations.watchCourse': { input: courseIdInputSchema, output: courseRecommendationsSchema },
  'recommendations.watchStatus': { input: noInput, output: recommenderStatusSchema },
  'provisioning.watch': { input: noInput, output: provisioningStatusSchema },
  'packs.watch': { input: noInput, output: packStatusSchema },
  'recovery.watch': { input: noInput, output: recoveryStatusSchema },
  'progress.watchCourse': { input: courseIdInputSchema, output: progressOutputSchema },
  'notes.watch': { input: notesQuerySchema, output: notesOutputSchema },
  'ratings.watchMine': { input: courseIdInputSchema, output: ratingOutputSchema },
  'catalog.watchReviews': { input: courseIdInputSchema, output: courseReviewsSchema },
  'drafts.watchMine': { input: noInput, output: draftListSchema },
  'creator.watchReviews': { input: noInput, output: creatorReviewsSchema },
  'drafts.watch': { input: draftIdSchema, output: draftViewSchema },
  'drafts.watchUploads': { input: noInput, output: mediaUploadsSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
