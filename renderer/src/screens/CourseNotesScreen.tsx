import { useTranslation } from 'react-i18next';
import { useApi, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { anchorLabel } from '../lesson/NotesPanel.js';
import { localized } from './format.js';
import { useState } from 'react';

/** All of the learner's notes of a course, by lesson in outline order, with export to Markdown. */
export function CourseNotesScreen({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const navigation = useNavigation();
  const detail = useSubscription('catalog.watchCourse', { courseId }).value;
  const notes = useSubscription('notes.watch', { courseId }).value;
  const [error, setError] = useState<string | null>(null);

  const exportNotes = async () => {
    const reply = await api.invoke('notes.export', { courseId, language: language.startsWith('zh') ? 'zh-CN' : 'en' });
    if (!reply.ok) return setError(t(`errors.${reply.error.code}`));
    // A file the learner saves where they like; the text never leaves the device otherwise.
    const url = URL.createObjectURL(new Blob([reply.value.markdown], { type: 'text/markdown;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = reply.value.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  if (!detail || !notes) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  const lessonsInOrder = detail.course.sections
    .flatMap((s) => s.lessonIds)
    .map((id) => detail.lessons.find((l) => l.id === id))
    .filter((l) => l !== undefined);
  return (
    <section className="screen" aria-labelledby="notes-title">
      <button type="button" className="button button--link back-link" onClick={() => navigation.openCourse(courseId)}>
        ← {localized(detail.course.title, language)}
      </button>
      <header className="catalog-header">
        <h1 id="notes-title">{t('notes.pageTitle')}</h1>
        <button type="button" className="button" onClick={() => void exportNotes()} disabled={notes.length === 0}>
          {t('notes.export')}
        </button>
      </header>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {notes.length === 0 ? (
        <p className="empty-state">{t('notes.emptyCourse')}</p>
      ) : (
        lessonsInOrder.map((lesson) => {
          const own = notes.filter((n) => n.lessonId === lesson.id).sort((a, b) => a.anchor.start - b.anchor.start);
          if (own.length === 0) return null;
          return (
            <section key={lesson.id} className="card notes-lesson">
              <h2>{localized(lesson.title, language)}</h2>
              <ul className="notes-list">
                {own.map((note) => (
                  <li key={note.id} className={`note note--${note.kind}`} data-testid="course-note">
                    <button
                      type="button"
                      className="button button--link note__anchor"
                      onClick={() =>
                        navigation.openLesson(
                          courseId,
                          lesson.id,
                          note.anchor.type === 'text' ? undefined : note.anchor.start,
                        )
                      }
                    >
                      {t(`notes.kind_${note.kind}`)} · {anchorLabel(note.anchor, t)}
                    </button>
                    {note.body && <p className="note__body">{note.body}</p>}
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
    </section>
  );
}
