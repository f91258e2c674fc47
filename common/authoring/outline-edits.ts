import type { CourseDraftDoc } from '../collections/authoring.js';

type Sections = CourseDraftDoc['sections'];

/** Moves a section from one position to another (drag and drop, or keyboard). */
export function moveSection(sections: Sections, from: number, to: number): Sections {
  if (from < 0 || from >= sections.length) return sections;
  const target = Math.max(0, Math.min(sections.length - 1, to));
  const next = [...sections];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return next;
}

/**
 * Moves a lesson to `index` within `toSectionId` (another section or its own). An index
 * past the end appends; a lesson or section that does not exist leaves the outline as it was.
 */
export function moveLesson(sections: Sections, lessonId: string, toSectionId: string, index: number): Sections {
  const from = sections.find((section) => section.lessonIds.includes(lessonId));
  if (!from || !sections.some((section) => section.id === toSectionId)) return sections;
  const without = sections.map((section) =>
    section === from ? { ...section, lessonIds: section.lessonIds.filter((id) => id !== lessonId) } : section,
  );
  return without.map((section) => {
    if (section.id !== toSectionId) return section;
    const lessonIds = [...section.lessonIds];
    lessonIds.splice(Math.max(0, Math.min(lessonIds.length, index)), 0, lessonId);
    return { ...section, lessonIds };
  });
}

/** Removes a lesson from the outline (its draft stays until the lesson itself is deleted). */
export function removeFromOutline(sections: Sections, lessonId: string): Sections {
  return sections.map((section) =>
    section.lessonIds.includes(lessonId)
      ? { ...section, lessonIds: section.lessonIds.filter((id) => id !== lessonId) }
      : section,
  );
}
