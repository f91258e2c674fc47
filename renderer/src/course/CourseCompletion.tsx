import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonDoc } from '../../../common/collections/index.js';
import { useOperation } from '../api/hooks.js';
import { useNavigation } from '../app/navigation.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { localized } from '../screens/format.js';

/**
 * What completing the course takes under its creator's rules, as a checklist — lessons
 * done, exercises mastered, exams passed (`lessons` are the ones the rules ask for) — and, once it all holds, the certificate (the server checks its own records
 * before issuing it).
 */
export function CourseCompletion({
  courseId,
  lessons,
  done,
}: {
  courseId: string;
  lessons: LessonDoc[];
  done: Set<string>;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const request = useOperation('certificates.request');
  const [message, setMessage] = useFormMessage();
  const [open, setOpen] = useState(false);
  const remaining = lessons.filter((lesson) => !done.has(lesson.id));
  const complete = lessons.length > 0 && remaining.length === 0;

  const getCertificate = async () => {
    const reply = await request.run({ courseId });
    if (reply.ok) navigation.go({ screen: 'library', view: 'certificate', certificateId: reply.value.id });
    else if (reply.error.code === 'CONFLICT') setMessage({ key: 'certificate.notYet', error: true });
    else setMessage(replyMessage(reply, ''));
  };

  return (
    <section className="card course-completion" aria-labelledby="completion-title" data-testid="course-completion">
      <h2 id="completion-title" className="field-group__title">
        {t('certificate.checklist')}
      </h2>
      <p role="status">
        {complete ? t('certificate.complete') : t('certificate.remaining', { count: remaining.length })}
      </p>
      {complete ? (
        <button
          type="button"
          className="button button--primary"
          disabled={request.running}
          onClick={() => void getCertificate()}
        >
          {t('certificate.get')}
        </button>
      ) : (
        <button type="button" className="button button--link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('certificate.checklist')}…
        </button>
      )}
      {(open || complete) && (
        <ul className="course-completion__list">
          {lessons.map((lesson) => (
            <li key={lesson.id} className={done.has(lesson.id) ? 'is-done' : undefined}>
              <span aria-hidden="true">{done.has(lesson.id) ? '✓' : '○'}</span> {localized(lesson.title, i18n.language)}{' '}
              <span className="card__meta">
                ·{' '}
                {done.has(lesson.id)
                  ? lesson.kind === 'exercise'
                    ? t('certificate.mastered')
                    : lesson.kind === 'exam'
                      ? t('certificate.passed')
                      : t('certificate.done')
                  : t('certificate.toDo')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <FormMessage message={message} testId="certificate-message" />
    </section>
  );
}
