import { z } from 'zod';
import { lessonDocSchema } from '../contract/document-schemas.js';

/** A published course's lessons as the server has them, in the course's order (its syllabus). */
export const courseLessonsAnswerSchema = z.object({ lessons: z.array(lessonDocSchema) }).strict();
export type CourseLessonsAnswer = z.infer<typeof courseLessonsAnswerSchema>;
