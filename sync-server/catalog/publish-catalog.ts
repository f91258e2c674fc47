import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CatalogSource } from '../../common/catalog/catalog-source.js';
import type { CourseDoc, LessonDoc } from '../../common/collections/index.js';
import { coverContentId } from '../../common/authoring/content-limits.js';
import { coverOf } from './catalog-documents.js';
import { canonicalJson } from '../../common/canonical-json.js';
import { mimeForFile } from '../content/content-types.js';
import type { ServerContext } from '../server-context.js';

/** Writes the catalog's course and lesson documents where they changed; a re-import of the same catalog writes nothing. */
export async function publishCatalogDocuments(
  context: Pick<ServerContext, 'db' | 'documents'>,
  docs: { courses: CourseDoc[]; lessons: LessonDoc[] },
): Promise<number> {
  let written = 0;
  const publish = async (collection: 'courses' | 'lessons', doc: CourseDoc | LessonDoc, ownerId: string) => {
    const stored = await context.db.get<{ data: string }>(
      'SELECT data FROM documents WHERE collection = ? AND id = ?',
      [collection, doc.id],
    );
    const previous = stored ? (JSON.parse(stored.data) as Record<string, unknown>) : undefined;
    // What learners made of a course (ratings, how many hold it) is the server's, not the catalog file's.
    const derived =
      collection === 'courses' && previous
        ? {
            ratingAverage: previous.ratingAverage ?? 0,
            ratingCount: previous.ratingCount ?? 0,
            learnerCount: previous.learnerCount ?? 0,
          }
        : {};
    const next = { ...doc, ...derived, _deleted: false };
    if (previous && canonicalJson(previous) === canonicalJson(next)) return;
    await context.documents.writeAsServer(collection, next, { ownerId, isPublic: true });
    written++;
  };
  for (const course of docs.courses) await publish('courses', course, course.creatorId);
  for (const lesson of docs.lessons)
    await publish('lessons', lesson, docs.courses.find((c) => c.id === lesson.courseId)!.creatorId);
  return written;
}

/** Puts the catalog's lesson bodies into the content store, so entitled learners (and anyone, for previews) can download them. */
export async function registerCatalogContent(
  context: Pick<ServerContext, 'content'>,
  catalog: CatalogSource,
  catalogPath: string,
): Promise<void> {
  for (const course of catalog.courses) {
    if (course.cover) {
      const path = join(dirname(catalogPath), course.cover);
      const cover = coverOf(path);
      await context.content.registerContent(
        { id: coverContentId(course.id), courseId: course.id },
        { path, sha256: cover.sha256, bytes: cover.bytes, mime: cover.mime },
      );
    }
    for (const lesson of course.sections.flatMap((section) => section.lessons)) {
      const path = join(dirname(catalogPath), lesson.file);
      const body = readFileSync(path);
      await context.content.registerContent(
        { id: lesson.id, courseId: course.id },
        {
          path,
          sha256: createHash('sha256').update(body).digest('hex'),
          bytes: body.length,
          mime: mimeForFile(lesson.file),
        },
      );
    }
  }
}
