import type { CourseDoc, LessonDoc } from '../../common/collections/index.js';
import { canonicalJson } from '../replication/canonical-json.js';
import type { ServerContext } from '../server-context.js';

/** Writes the catalog's course and lesson documents where they changed; a re-import of the same catalog writes nothing. */
export async function publishCatalogDocuments(context: Pick<ServerContext, 'db' | 'documents'>, docs: { courses: CourseDoc[]; lessons: LessonDoc[] }): Promise<number> {
  let written = 0;
  const publish = async (collection: 'courses' | 'lessons', doc: CourseDoc | LessonDoc, ownerId: string) => {
    const next = { ...doc, _deleted: false };
    const stored = await context.db.get<{ data: string }>('SELECT data FROM documents WHERE collection = ? AND id = ?', [collection, doc.id]);
    if (stored && canonicalJson(JSON.parse(stored.data)) === canonicalJson(next)) return;
    await context.documents.writeAsServer(collection, next, { ownerId, isPublic: true });
    written++;
  };
  for (const course of docs.courses) await publish('courses', course, course.creatorId);
  for (const lesson of docs.lessons) await publish('lessons', lesson, docs.courses.find((c) => c.id === lesson.courseId)!.creatorId);
  return written;
}
