import type { CourseDoc, LessonDoc, ProgressDoc } from '../../common/collections/index.js';
import type { LocalizedText } from '../../common/collections/shared-fields.js';
import type { Certificate, CertificateCheck } from '../../common/server-api/certificates.js';
import type { EntitlementSigner } from '../accounts/entitlement-signer.js';
import type { AccessClaims } from '../accounts/tokens.js';
import { newId } from '../accounts/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import { serverMastery } from './server-mastery.js';
import { lessonsRequired } from '../../common/learning/completion-rules.js';
import type { SqlClient, SqlDatabase } from '../sql/sql-database.js';

interface CertificateRow {
  id: string;
  user_id: string;
  course_id: string;
  learner_name: string;
  course_title: string;
  creator_name: string;
  issued_at: number | string;
  revoked_at: number | string | null;
  signature: string;
}

/** What a certificate's signature covers: every fact it states, in one fixed order. */
const signedText = (row: Omit<CertificateRow, 'signature' | 'revoked_at'>) =>
  [
    'zhiku-certificate/1',
    row.id,
    row.user_id,
    row.course_id,
    row.learner_name,
    row.course_title,
    row.creator_name,
    String(Number(row.issued_at)),
  ].join('\n');

const toCertificate = (row: CertificateRow): Certificate => ({
  id: row.id,
  courseId: row.course_id,
  learnerName: row.learner_name,
  courseTitle: JSON.parse(row.course_title) as LocalizedText,
  creatorName: row.creator_name,
  issuedAt: Number(row.issued_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

const docs = async <T>(tx: SqlClient, sql: string, params: unknown[]) =>
  (await tx.all<{ data: string }>(sql, params)).map((row) => JSON.parse(row.data) as T);

/**
 * Certificates of completion: issued by the server, only when the course is complete by its
 * own records under the creator's completion rules — lessons done, exercises mastered by the
 * learner's attempts as the server derives them (not as a device says), exams passed as the
 * server graded them — signed with the server's key, verifiable
 * by anyone who has the certificate's id, and revocable by an administrator. A verification
 * shows what the certificate states (name, course, creator, date) and nothing else.
 */
export function createCertificateService(deps: {
  db: SqlDatabase;
  signer: EntitlementSigner;
  now: () => number;
  /** The stored body of a lesson (an exercise's JSON), or null when there is none. */
  lessonBodyPath: (lessonId: string, courseId: string) => Promise<string | null>;
  holdsCourse: (caller: AccessClaims, courseId: string) => Promise<boolean>;
  /** The exams the learner has passed, as the server graded them. */
  examsPassed: (userId: string) => Promise<Set<string>>;
}) {
  const { db, now } = deps;

  /** The lessons the course's completion rules still ask of the learner (empty: complete). */
  async function missing(userId: string, course: CourseDoc): Promise<string[]> {
    const lessons = await docs<LessonDoc>(
      db,
      "SELECT data FROM documents WHERE collection = 'lessons' AND parent_id = ? AND deleted = 0 AND is_public = 1",
      [course.id],
    );
    const progress = (
      await docs<ProgressDoc>(db, "SELECT data FROM documents WHERE collection = 'progress' AND id = ?", [
        `${userId}:${course.id}`,
      ])
    )[0];
    const required = lessonsRequired(course.completion, lessons);
    const open: string[] = [];
    const mastered = await serverMastery(db, deps.lessonBodyPath).masteredBy(userId);
    const passed = required.some((lesson) => lesson.kind === 'exam') ? await deps.examsPassed(userId) : new Set();
    for (const lesson of required) {
      if (lesson.kind === 'exercise') {
        if (!mastered.has(lesson.id)) open.push(lesson.id);
      } else if (lesson.kind === 'exam') {
        if (!passed.has(lesson.id)) open.push(lesson.id);
      } else if (!progress?.lessons.some((entry) => entry.lessonId === lesson.id && entry.completed)) {
        open.push(lesson.id);
      }
    }
    return required.length === 0 ? ['(no lessons)'] : open;
  }

  async function rowOf(id: string): Promise<CertificateRow | undefined> {
    return db.get<CertificateRow>('SELECT * FROM certificates WHERE id = ?', [id]);
  }

  return {
    /** Issues the caller's certificate for a course they completed (or returns the one they have). */
    async issue(caller: AccessClaims, courseId: string): Promise<Certificate> {
      const existing = await db.get<CertificateRow>('SELECT * FROM certificates WHERE user_id = ? AND course_id = ?', [
        caller.userId,
        courseId,
      ]);
      if (existing) return toCertificate(existing);
      const course = (
        await docs<CourseDoc>(
          db,
          "SELECT data FROM documents WHERE collection = 'courses' AND id = ? AND deleted = 0 AND is_public = 1",
          [courseId],
        )
      )[0];
      if (!course) throw new DomainError('NOT_FOUND', 'No such course.');
      if (course.priceAmount > 0 && !(await deps.holdsCourse(caller, courseId)))
        throw new DomainError('FORBIDDEN', 'A certificate is for a course you hold.');
      const open = await missing(caller.userId, course);
      if (open.length > 0) throw new DomainError('CONFLICT', 'The course is not complete yet.', { missing: open });
      const user = await db.get<{ display_name: string }>('SELECT display_name FROM users WHERE id = ?', [
        caller.userId,
      ]);
      const row = {
        id: newId('cert'),
        user_id: caller.userId,
        course_id: courseId,
        learner_name: user?.display_name ?? '',
        course_title: JSON.stringify(course.title),
        creator_name: course.creatorName.zh || course.creatorName.en,
        issued_at: now(),
      };
      const signature = deps.signer.signText(signedText(row));
      await db.run(
        'INSERT INTO certificates (id, user_id, course_id, learner_name, course_title, creator_name, issued_at, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, course_id) DO NOTHING',
        [
          row.id,
          row.user_id,
          row.course_id,
          row.learner_name,
          row.course_title,
          row.creator_name,
          row.issued_at,
          signature,
        ],
      );
      const stored = await db.get<CertificateRow>('SELECT * FROM certificates WHERE user_id = ? AND course_id = ?', [
        caller.userId,
        courseId,
      ]);
      return toCertificate(stored!);
    },

    async mine(userId: string): Promise<Certificate[]> {
      const rows = await db.all<CertificateRow>(
        'SELECT * FROM certificates WHERE user_id = ? ORDER BY issued_at DESC, id',
        [userId],
      );
      return rows.map(toCertificate);
    },

    /**
     * Whether a certificate is genuine (ours, unaltered), revoked, or unknown. The signature is
     * checked again on every verification, so a certificate edited in the database reads as unknown.
     */
    async verify(id: string): Promise<CertificateCheck> {
      const row = await rowOf(id);
      if (!row) return { status: 'unknown' };
      if (!deps.signer.verifyText(signedText(row), row.signature)) return { status: 'unknown' };
      const certificate = toCertificate(row);
      return { status: certificate.revokedAt === null ? 'genuine' : 'revoked', certificate };
    },

    async revoke(id: string): Promise<Certificate> {
      const row = await rowOf(id);
      if (!row) throw new DomainError('NOT_FOUND', 'No such certificate.');
      if (row.revoked_at === null)
        await db.run('UPDATE certificates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now(), id]);
      return toCertificate((await rowOf(id))!);
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;
