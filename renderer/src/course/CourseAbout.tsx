import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useTranslation } from 'react-i18next';
import type { CourseDoc } from '../../../common/collections/index.js';
import { safeUrl } from '../lesson/MarkdownReader.js';
import { localized } from '../screens/format.js';

/** What the course teaches and asks, its description (Markdown, raw HTML dropped) and who teaches it. */
export function CourseAbout({ course }: { course: CourseDoc }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const outcomes = (course.outcomes ?? []).map((item) => localized(item, language)).filter(Boolean);
  const requirements = (course.requirements ?? []).map((item) => localized(item, language)).filter(Boolean);
  const bio = course.creatorBio ? localized(course.creatorBio, language) : '';
  return (
    <>
      {outcomes.length > 0 && (
        <section className="card course-outcomes" aria-labelledby="outcomes-title" data-testid="course-outcomes">
          <h2 id="outcomes-title" className="field-group__title">
            {t('course.outcomes')}
          </h2>
          <ul className="check-list">
            {outcomes.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        </section>
      )}
      {requirements.length > 0 && (
        <section aria-labelledby="requirements-title" data-testid="course-requirements">
          <h2 id="requirements-title" className="field-group__title">
            {t('course.requirements')}
          </h2>
          <ul className="plain-list">
            {requirements.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="description-title">
        <h2 id="description-title" className="field-group__title">
          {t('course.description')}
        </h2>
        <div className="prose" data-testid="course-description">
          <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={safeUrl}>
            {localized(course.description, language)}
          </Markdown>
        </div>
      </section>
      <section className="card instructor" aria-labelledby="instructor-title" data-testid="course-instructor">
        <h2 id="instructor-title" className="field-group__title">
          {t('course.instructor')}
        </h2>
        <div className="instructor__head">
          <span className="avatar" aria-hidden="true">
            {[...localized(course.creatorName, language)][0] ?? '·'}
          </span>
          <strong>{localized(course.creatorName, language)}</strong>
        </div>
        {bio && <p>{bio}</p>}
      </section>
    </>
  );
}
