import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { NoteDoc } from '../../../common/collections/index.js';
import { useOperation } from '../api/hooks.js';
import type { Anchor } from './lesson-handle.js';

export function anchorLabel(anchor: Anchor, t: TFunction): string {
  if (anchor.type === 'time') {
    const s = Math.floor(anchor.start);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  if (anchor.type === 'page') return t('notes.atPage', { page: anchor.start });
  return anchor.quote ? `“${anchor.quote.slice(0, 60)}${anchor.quote.length > 60 ? '…' : ''}”` : t('notes.inText');
}

/**
 * The learner's notes, highlights and bookmarks of one lesson, beside it: add at the
 * current place (the selection in text, the page, the playback time), edit, delete, and
 * jump to where each one was taken.
 */
export function NotesPanel({
  lessonId,
  notes,
  currentAnchor,
  onJump,
  canHighlight,
}: {
  lessonId: string;
  notes: NoteDoc[];
  currentAnchor: () => Anchor;
  onJump: (anchor: Anchor) => void;
  canHighlight: boolean;
}) {
  const { t } = useTranslation();
  const save = useOperation('notes.save');
  const remove = useOperation('notes.delete');
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const add = async (kind: NoteDoc['kind'], body: string) => {
    setError(null);
    const anchor = currentAnchor();
    if (kind === 'highlight' && !anchor.quote) {
      setError(t('notes.selectFirst'));
      return;
    }
    const reply = await save.run({
      lessonId,
      kind,
      anchor,
      body,
      ...(kind === 'highlight' ? { color: 'yellow' as const } : {}),
    });
    if (reply.ok) setDraft('');
    else setError(t(`errors.${reply.error.code}`));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) void add('note', draft.trim());
  };
  const saveEdit = async (note: NoteDoc, body: string) => {
    const reply = await save.run({
      id: note.id,
      lessonId,
      kind: note.kind,
      anchor: note.anchor,
      body,
      ...(note.color ? { color: note.color } : {}),
    });
    if (reply.ok) setEditing(null);
    else setError(t(`errors.${reply.error.code}`));
  };

  return (
    <aside className="notes-panel" aria-labelledby={`${fieldId}-title`}>
      <h2 id={`${fieldId}-title`} className="field-group__title">
        {t('notes.title')}
      </h2>
      <form onSubmit={submit} className="notes-panel__form">
        <label htmlFor={fieldId} className="visually-hidden">
          {t('notes.new')}
        </label>
        <textarea
          id={fieldId}
          className="text-input notes-panel__input"
          rows={3}
          maxLength={20000}
          placeholder={t('notes.placeholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="notes-panel__actions">
          <button
            type="submit"
            className="button button--primary button--small"
            disabled={save.running || draft.trim() === ''}
          >
            {t('notes.add')}
          </button>
          <button type="button" className="button button--small" onClick={() => void add('bookmark', '')}>
            {t('notes.bookmark')}
          </button>
          {canHighlight && (
            <button
              type="button"
              className="button button--small"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void add('highlight', draft.trim())}
            >
              {t('notes.highlight')}
            </button>
          )}
        </div>
      </form>
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
      {notes.length === 0 ? (
        <p className="empty-state">{t('notes.empty')}</p>
      ) : (
        <ul className="notes-list" aria-label={t('notes.title')}>
          {notes.map((note) => (
            <li key={note.id} className={`note note--${note.kind}`} data-testid="note">
              <button type="button" className="button button--link note__anchor" onClick={() => onJump(note.anchor)}>
                {t(`notes.kind_${note.kind}`)} · {anchorLabel(note.anchor, t)}
              </button>
              {note.conflictOf && <span className="badge">{t('notes.conflictCopy')}</span>}
              {editing?.id === note.id ? (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    void saveEdit(note, editing.body);
                  }}
                >
                  <textarea
                    className="text-input"
                    aria-label={t('notes.edit')}
                    value={editing.body}
                    onChange={(e) => setEditing({ id: note.id, body: e.target.value })}
                    rows={3}
                  />
                  <button type="submit" className="button button--small">
                    {t('notes.save')}
                  </button>
                  <button type="button" className="button button--small button--link" onClick={() => setEditing(null)}>
                    {t('notes.cancel')}
                  </button>
                </form>
              ) : (
                note.body && <p className="note__body">{note.body}</p>
              )}
              <div className="note__tools">
                <button
                  type="button"
                  className="button button--link button--small"
                  onClick={() => setEditing({ id: note.id, body: note.body })}
                >
                  {t('notes.edit')}
                </button>
                <button
                  type="button"
                  className="button button--link button--small"
                  onClick={() => void remove.run({ id: note.id })}
                >
                  {t('notes.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
