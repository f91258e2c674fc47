import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useOperation, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { localized } from '../screens/format.js';
import { CoverPicker } from './CoverPicker.js';
import { LessonEditor } from './LessonEditor.js';
import { AddLesson, conflictLabel, LazyField, problemText, type Localized } from './course-editor-parts.js';

/** Editing one course: its fields, the outline (drag and drop or buttons), a lesson, and publishing. */
export function CourseEditor({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const navigation = useNavigation();
  const view = useSubscription('drafts.watch', { courseId }).value;
  const categories = useSubscription('catalog.watchCategories', {}).value ?? [];
  const publish = useOperation('drafts.publish');
  const unpublish = useOperation('drafts.unpublish');
  const undo = useOperation('drafts.undo');
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);

  if (view === undefined) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (view === null) return <p className="empty-state">{t('studio.missing')}</p>;
  const { draft, problems } = view;
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const save = (patch: Record<string, unknown>) =>
    void api
      .invoke('drafts.update', { courseId, ...patch })
      .then((reply) => !reply.ok && setMessage(t(`errors.${reply.error.code}`)));
  const saveLocalized = (field: 'title' | 'subtitle' | 'description', key: keyof Localized, value: string) =>
    save({ [field]: { ...draft[field], [key]: value } });
  const lessonOf = (id: string) => draft.lessons.find((l) => l.id === id);
  /** A list of bilingual lines (outcomes, requirements), edited as one line per item in each language. */
  const saveLines = (field: 'outcomes' | 'requirements', key: keyof Localized, text: string) => {
    const items = draft[field] ?? [];
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(0, 12);
    const count = Math.max(lines.length, ...items.map((item, i) => (item[key === 'zh' ? 'en' : 'zh'] ? i + 1 : 0)));
    const next = Array.from({ length: count }, (_, i) => ({ zh: '', en: '', ...items[i], [key]: lines[i] ?? '' }))
      .filter((item) => item.zh || item.en)
      .slice(0, 12);
    save({ [field]: next });
  };
  const linesOf = (field: 'outcomes' | 'requirements', key: keyof Localized) =>
    (draft[field] ?? []).map((item) => item[key]).join('\n');

  const moveLesson = (lessonId: string, toSectionId: string, index: number) =>
    void api.invoke('drafts.moveLesson', { courseId, lessonId, toSectionId, index });
  const onDrop = (event: DragEvent, sectionId: string, index: number) => {
    event.preventDefault();
    const lessonId = dragged ?? event.dataTransfer.getData('text/plain');
    if (lessonId) moveLesson(lessonId, sectionId, index);
    setDragged(null);
  };

  const doPublish = async () => {
    setMessage(null);
    const reply = await publish.run({ courseId });
    setMessage(reply.ok ? t('studio.publishedNow') : t(`errors.${reply.error.code}`));
  };

  return (
    <section className="screen editor" aria-labelledby="editor-title">
      <button
        type="button"
        className="button button--link back-link"
        onClick={() => navigation.go({ screen: 'studio' })}
      >
        ← {t('studio.title')}
      </button>
      <header className="editor__header">
        <div>
          <h1 id="editor-title" tabIndex={-1}>
            {localized(draft.title, language) || t('studio.untitled')}
          </h1>
          <p className="card__meta" data-testid="editor-state">
            {t(`studio.state_${draft.state}`)}
            {view.unpublishedChanges && draft.state !== 'draft' ? ` · ${t('studio.unpublishedChanges')}` : ''} ·{' '}
            {t('studio.autosaved')}
          </p>
        </div>
        <div className="editor__actions">
          <button
            type="button"
            className="button"
            disabled={view.undoable === 0 || undo.running}
            onClick={() => void undo.run({ courseId })}
          >
            {t('studio.undo')}
          </button>
          {draft.state === 'published' && (
            <button
              type="button"
              className="button"
              disabled={unpublish.running}
              onClick={() => void unpublish.run({ courseId })}
            >
              {t('studio.unpublish')}
            </button>
          )}
          <button
            type="button"
            className="button button--primary"
            disabled={
              problems.length > 0 || publish.running || (!view.unpublishedChanges && draft.state === 'published')
            }
            onClick={() => void doPublish()}
          >
            {publish.running ? t('studio.publishing') : t('studio.publish')}
          </button>
        </div>
      </header>
      {message && (
        <p className="field-message" role="status">
          {message}
        </p>
      )}
      {problems.length > 0 && (
        <div className="banner banner--warn" role="status" data-testid="publish-problems">
          <p>{t('studio.problemsLead')}</p>
          <ul>
            {problems.map((problem, i) => (
              <li key={i}>{problemText(problem, draft, tr, language)}</li>
            ))}
          </ul>
        </div>
      )}
      {draft.conflicts && draft.conflicts.length > 0 && (
        <div className="banner banner--warn conflicts" role="alert" data-testid="conflicts">
          <p>{t('studio.conflicts', { count: draft.conflicts.length })}</p>
          <ul>
            {draft.conflicts.map((conflict) => (
              <li key={conflict.field} className="conflict">
                <strong>{conflictLabel(conflict.field, draft, tr, language)}</strong>
                <span className="conflict__theirs">
                  {t('studio.theirVersion')}: {String(JSON.parse(conflict.theirs) ?? '—').slice(0, 300)}
                </span>
                <span className="conflict__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      void api.invoke('drafts.resolveConflict', { courseId, field: conflict.field, use: 'mine' })
                    }
                  >
                    {t('studio.keepMine')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() =>
                      void api.invoke('drafts.resolveConflict', { courseId, field: conflict.field, use: 'theirs' })
                    }
                  >
                    {t('studio.useTheirs')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="editor__grid">
        <div className="card editor__fields">
          <h2 className="field-group__title">{t('studio.details')}</h2>
          <CoverPicker draft={draft} />
          <LazyField
            label={t('studio.titleZh')}
            value={draft.title.zh}
            onSave={(v) => saveLocalized('title', 'zh', v)}
            testId="title-zh"
          />
          <LazyField
            label={t('studio.titleEn')}
            value={draft.title.en}
            onSave={(v) => saveLocalized('title', 'en', v)}
          />
          <LazyField
            label={t('studio.subtitleZh')}
            value={draft.subtitle.zh}
            onSave={(v) => saveLocalized('subtitle', 'zh', v)}
          />
          <LazyField
            label={t('studio.subtitleEn')}
            value={draft.subtitle.en}
            onSave={(v) => saveLocalized('subtitle', 'en', v)}
          />
          <LazyField
            label={t('studio.descriptionZh')}
            value={draft.description.zh}
            onSave={(v) => saveLocalized('description', 'zh', v)}
            multiline
            testId="description-zh"
          />
          <LazyField
            label={t('studio.descriptionEn')}
            value={draft.description.en}
            onSave={(v) => saveLocalized('description', 'en', v)}
            multiline
          />
          {(['outcomes', 'requirements'] as const).map((field) =>
            (['zh', 'en'] as const).map((key) => (
              <LazyField
                key={`${field}-${key}`}
                label={t(`studio.${field}_${key}`)}
                value={linesOf(field, key)}
                onSave={(v) => saveLines(field, key, v)}
                multiline
                testId={`${field}-${key}`}
              />
            )),
          )}
          <label className="select-label">
            {t('catalog.category')}
            <select
              className="select"
              value={draft.categoryId}
              onChange={(e) => {
                const chosen = categories.find((c) => c.id === e.target.value);
                if (chosen) save({ categoryId: chosen.id, categoryName: chosen.name });
              }}
            >
              <option value="">{t('studio.chooseCategory')}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {localized(c.name, language)}
                </option>
              ))}
              {draft.categoryId && !categories.some((c) => c.id === draft.categoryId) && (
                <option value={draft.categoryId}>{localized(draft.categoryName, language)}</option>
              )}
            </select>
          </label>
          <LazyField
            label={t('studio.tags')}
            value={draft.tags.join(', ')}
            onSave={(v) =>
              save({
                tags: v
                  .split(/[,，]/)
                  .map((s) => s.trim())
                  .filter(Boolean)
                  .slice(0, 12),
              })
            }
          />
          <div className="editor__row">
            <label className="select-label">
              {t('catalog.language')}
              <select className="select" value={draft.language} onChange={(e) => save({ language: e.target.value })}>
                <option value="zh-CN">中文</option>
                <option value="en">English</option>
              </select>
            </label>
            <label className="select-label">
              {t('studio.level')}
              <select className="select" value={draft.level} onChange={(e) => save({ level: e.target.value })}>
                {(['beginner', 'intermediate', 'advanced'] as const).map((level) => (
                  <option key={level} value={level}>
                    {t(`studio.level_${level}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="editor__row">
            <LazyField
              label={t('studio.price')}
              value={String(draft.priceAmount / 100)}
              onSave={(v) => save({ priceAmount: Math.round(Number(v.replace(',', '.')) * 100) || 0 })}
              testId="price"
            />
            <label className="select-label">
              {t('studio.currency')}
              <select className="select" value={draft.currency} onChange={(e) => save({ currency: e.target.value })}>
                {(['CNY', 'USD', 'EUR'] as const).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="field-group__help">{t('studio.priceHelp')}</p>
        </div>

        <div className="card editor__outline">
          <h2 className="field-group__title">{t('course.outline')}</h2>
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
                        onClick={() => setSelected(lessonId)}
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
                          disabled={
                            index === section.lessonIds.length - 1 && sectionIndex === draft.sections.length - 1
                          }
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
              <AddLesson courseId={courseId} sectionId={section.id} onAdded={(lesson) => setSelected(lesson.id)} />
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
        </div>
      </div>
      {selected && lessonOf(selected) && (
        <LessonEditor
          key={selected}
          courseId={courseId}
          lesson={lessonOf(selected)!}
          onRemoved={() => setSelected(null)}
        />
      )}
    </section>
  );
}
