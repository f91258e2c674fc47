import type { CourseDoc } from '../../../common/collections/index.js';
import { localized } from '../screens/format.js';

/** The hue of a course without a cover: stable per course, so the same course always looks the same. */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/**
 * A course's cover: the uploaded image (served by the core, cached for offline), or for a
 * course without one a calm tile in the course's own colour with its title's first
 * character, so every listing has imagery and no card is blank. Decorative (alt="").
 */
export function CourseCover({
  course,
  language,
  size = 'card',
}: {
  course: Pick<CourseDoc, 'id' | 'cover' | 'title'>;
  language: string;
  size?: 'card' | 'thumb' | 'hero';
}) {
  const className = `course-cover course-cover--${size}`;
  if (course.cover)
    return (
      <img
        className={className}
        src={`covers/${course.id}?v=${course.cover.sha256.slice(0, 12)}`}
        alt=""
        loading={size === 'hero' ? 'eager' : 'lazy'}
        decoding="async"
        data-testid={size === 'hero' ? 'course-cover' : 'card-cover'}
      />
    );
  const title = localized(course.title, language).trim();
  return (
    <div
      className={`${className} course-cover--generated`}
      style={{ '--cover-hue': hueOf(course.id) } as React.CSSProperties}
      aria-hidden="true"
      data-testid={size === 'hero' ? 'course-cover' : 'card-cover'}
    >
      <span>{[...title][0] ?? '·'}</span>
    </div>
  );
}
