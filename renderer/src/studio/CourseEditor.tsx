import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useOperation, useSubscription } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { localized } from '../screens/format.js';
import { CourseDetailsForm } from './CourseDetailsForm.js';
import { EditorOutline } from './EditorOutline.js';
import { LessonEditor } from './LessonEditor.js';
import { PublishDialog } from './PublishDialog.js';
import { conflictLabel, problemText } from './course-editor-parts.js';

/**
 * Editing one course: the outline on one side, and beside it the course's details or the
 * chosen lesson; publishing asks first and says what learners will see change.
 */
export function CourseEditor({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const navigation = useNavigation();
  const view = useSubscription('drafts.watch', { courseId }).value;
  const publish = useOperation('drafts.publish');
  const unpublish = useOperation('drafts.unpublish');
  const undo = useOperation('drafts.undo');
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useFormMessage();
  const [confirming, setConfirming] = useState(false);

  if (view === undefined) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (view === null) return <p className="empty-state">{t('studio.missing')}</p>;
  const { draft, problems } = view;
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const save = (patch: Record<string, unknown>) =>
    void api
      .invoke('drafts.update', { courseId, ...patch })
      .then((reply) => !reply.ok && setMessage(replyMessage(reply, '')));
  const lesson = selected ? draft.lessons.find((l) => l.id === selected) : undefined;

  const doPublish = async () => {
    setMessage(null);
    const reply = await publish.run({ courseId });
    setConfirming(false);
    setMessage(replyMessage(reply, 'studio.publishedNow'));
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
            onClick={() => setConfirming(true)}
          >
            {publish.running ? t('studio.publishing') : t('studio.publish')}
          </button>
        </div>
      </header>
      <FormMessage message={message} />
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

      {view.advice.length > 0 && (
        <ul className="banner banner--info advice" data-testid="publish-advice-banner">
          {view.advice.map((advice) => (
            <li key={advice.code}>{t(`studio.advice_${advice.code}`)}</li>
          ))}
        </ul>
      )}

      <div className="editor__grid">
        <EditorOutline courseId={courseId} draft={draft} selected={lesson ? selected : null} onSelect={setSelected} />
        <div className="editor__pane">
          {lesson ? (
            <LessonEditor key={lesson.id} courseId={courseId} lesson={lesson} onRemoved={() => setSelected(null)} />
          ) : (
            <CourseDetailsForm draft={draft} save={save} />
          )}
        </div>
      </div>
      {confirming && (
        <PublishDialog
          view={view}
          running={publish.running}
          onConfirm={() => void doPublish()}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
