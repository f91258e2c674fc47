import { LESSON_KIND_VALUES } from '../../../common/collections/shared-fields.js';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc, DraftLesson } from '../../../common/collections/index.js';
import type { PublishProblem } from '../../../common/authoring/publish-rules.js';
import { useOperation } from '../api/hooks.js';
import { localized } from '../screens/format.js';

export type Localized = { zh: string; en: string };

/** A text field that saves when it loses focus (or on Enter), not on every key. */
export function LazyField({
  label,
  value,
  onSave,
  multiline = false,
  testId,
}: {
  label: string;
  value: string;
  onSave: (value: string) => void;
  multiline?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  const id = useId();
  useEffect(() => setText(value), [value]); // eslint-disable-line react-hooks/set-state-in-effect -- another device's edit replaces what is shown
  const commit = () => text !== value && onSave(text);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}
          className="text-input"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          data-testid={testId}
        />
      ) : (
        <input
          id={id}
          className="text-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          data-testid={testId}
        />
      )}
    </div>
  );
}

export function problemText(
  problem: PublishProblem,
  draft: CourseDraftDoc,
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
): string {
  const lessonTitle =
    'lessonId' in problem
      ? localized(
          draft.lessons.find((l) => l.id === problem.lessonId)?.title ?? { zh: problem.lessonId, en: problem.lessonId },
          language,
        )
      : '';
  return t(`studio.problem_${problem.code}`, {
    lesson: lessonTitle,
    ...('minimum' in problem ? { amount: problem.minimum / 100 } : {}),
    ...('maximum' in problem ? { amount: problem.maximum / 100 } : {}),
  });
}

/** Which field a conflict is about, in the creator's words. */
export function conflictLabel(
  field: string,
  draft: CourseDraftDoc,
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
): string {
  const parts = field.split('.');
  if (parts[0] === 'lessons') {
    const lesson = draft.lessons.find((l) => l.id === parts[1]);
    return t('studio.conflictLesson', {
      lesson: lesson ? localized(lesson.title, language) : parts[1],
      field: parts.slice(2).join('.'),
    });
  }
  return field;
}

export function AddLesson({
  courseId,
  sectionId,
  onAdded,
}: {
  courseId: string;
  sectionId: string;
  onAdded: (lesson: DraftLesson) => void;
}) {
  const { t, i18n } = useTranslation();
  const add = useOperation('drafts.addLesson');
  const [kind, setKind] = useState<DraftLesson['kind']>('text');
  const [title, setTitle] = useState('');
  const id = useId();
  const submit = async () => {
    if (!title.trim()) return;
    const localizedTitle = i18n.language.startsWith('zh') ? { zh: title.trim(), en: '' } : { zh: '', en: title.trim() };
    const reply = await add.run({ courseId, sectionId, kind, title: localizedTitle });
    if (reply.ok) {
      setTitle('');
      const lesson = reply.value.lessons.at(-1);
      if (lesson) onAdded(lesson);
    }
  };
  return (
    <form
      className="inline-form add-lesson"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {t('studio.newLessonTitle')}
      </label>
      <input
        id={id}
        className="text-input"
        placeholder={t('studio.newLessonTitle')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        data-testid="new-lesson-title"
      />
      <select
        className="select"
        value={kind}
        onChange={(e) => setKind(e.target.value as DraftLesson['kind'])}
        aria-label={t('studio.lessonKind')}
      >
        {LESSON_KIND_VALUES.map((k) => (
          <option key={k} value={k}>
            {t(`course.kind_${k}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small" disabled={add.running || !title.trim()}>
        {t('studio.addLesson')}
      </button>
    </form>
  );
}
