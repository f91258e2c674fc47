import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import { useApi } from '../api/hooks.js';
import { localized } from '../screens/format.js';
import { AddLesson, LazyField } from './course-editor-parts.js';

/**
 * The course outline beside the editing pane: the course's details, then its chapters and
 * lessons — chosen to edit, dragged or moved with buttons, added, chapters renamed.
 */
export function EditorOutline({
  courseId,
  draft,
  selected,
  onSelect,
}: {
  courseId: string;
  draft: CourseDraftDoc;
  selected: string | null;
  onSelect: (lessonId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const [dragged, setDragged] = useState<string | null>(null);
  const lessonOf = (id: string) => draft.lessons.find((l) => l.id === id);
  const moveLesson = (lessonId: string, toSectionId: string, index: number) =>
    void api.invoke('drafts.moveLesson', { courseId, lessonId, toSectionId, index });
  const onDrop = (event: DragEvent, sectionId: string, index: number) => {
    event.preventDefault();
    const lessonId = dragged ?? event.dataTransfer.getData('text/plain');
    if (lessonId) moveLesson(lessonId, sectionId, index);
    setDragged(null);
  };

  return (
    <section className="card editor__outline" aria-labelledby="editor-outline-title">
      <h2 className="field-group__title" id="editor-outline-title">
        {t('course.outline')}
      </h2>
      <button
        type="button"
        className={selected === null ? 'outline-details outline-details--selected' : 'outline-details'}
        aria-current={selected === null ? 'true' : undefined}
        onClick={() => onSelect(null)}
      >
        {t('studio.details')}
      </button>
      {draft.sections.map((section, sectionIndex) => (
        <div
          key={section.id}
          className="outline-section"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => onDrop(e, section.id, section.lessonIds.length)}
          data-testid="editor-section"
        >
          <LazyField
            label={t('studio.sectionTitle', { n: sectionIndex + 1 })}
            value={localized(section.title, language)}
            onSave={(v) =>
              void api.invoke('drafts.renameSection', {
                courseId,
                sectionId: section.id,
                title: language.startsWith('zh') ? { ...section.title, zh: v } : { ...section.title, en: v },
              })
            }
          />
          <ol className="outline-lessons">
            {section.lessonIds.map((lessonId, index) => {
              const lesson = lessonOf(lessonId);
              if (!lesson) return null;
              return (
                <li
                  key={lessonId}
                  className={selected === lessonId ? 'outline-lesson outline-lesson--selected' : 'outline-lesson'}
                  draggable
                  onDragStart={(e) => {
                    setDragged(lessonId);
                    e.dataTransfer.setData('text/plain', lessonId);
                  }}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.stopPropagation();
                    onDrop(e, section.id, index);
                  }}
                  data-testid="editor-lesson"
                >
                  <span className="outline-lesson__kind" aria-hidden="true">
                    ⠿ {t(`course.kind_${lesson.kind}`)}
                  </span>
                  <button
                    type="button"
                    className="button button--link outline-lesson__open"
                    aria-current={selected === lessonId ? 'true' : undefined}
                    onClick={() => onSelect(lessonId)}
                  >
                    {localized(lesson.title, language) || t('studio.untitled')}
                  </button>
                  {lesson.freePreview && <span className="badge">{t('course.preview')}</span>}
                  <span className="outline-lesson__tools">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t('studio.moveUp', { title: localized(lesson.title, language) })}
                      disabled={index === 0 && sectionIndex === 0}
                      onClick={() =>
                        index > 0
                          ? moveLesson(lessonId, section.id, index - 1)
                          : moveLesson(
                              lessonId,
                              draft.sections[sectionIndex - 1]!.id,
                              draft.sections[sectionIndex - 1]!.lessonIds.length,
                            )
                      }
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t('studio.moveDown', { title: localized(lesson.title, language) })}
                      disabled={index === section.lessonIds.length - 1 && sectionIndex === draft.sections.length - 1}
                      onClick={() =>
                        index < section.lessonIds.length - 1
                          ? moveLesson(lessonId, section.id, index + 1)
                          : moveLesson(lessonId, draft.sections[sectionIndex + 1]!.id, 0)
                      }
                    >
                      ↓
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
          <AddLesson courseId={courseId} sectionId={section.id} onAdded={(lesson) => onSelect(lesson.id)} />
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          void api.invoke('drafts.addSection', {
            courseId,
            title: { zh: `第${draft.sections.length + 1}章`, en: `Chapter ${draft.sections.length + 1}` },
          })
        }
      >
        {t('studio.addSection')}
      </button>
    </section>
  );
}
