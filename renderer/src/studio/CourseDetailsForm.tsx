import { useTranslation } from 'react-i18next';
import type { CourseDraftDoc } from '../../../common/collections/index.js';
import { useSubscription } from '../api/hooks.js';
import { localized } from '../screens/format.js';
import { CoverPicker } from './CoverPicker.js';
import { ALL_REQUIRED } from '../../../common/learning/completion-rules.js';
import { LazyField, type Localized } from './course-editor-parts.js';

/** The course's own fields: cover, titles, description, outcomes, category, tags, language, level, price. */
export function CourseDetailsForm({
  draft,
  save,
}: {
  draft: CourseDraftDoc;
  save: (patch: Record<string, unknown>) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const categories = useSubscription('catalog.watchCategories', {}).value ?? [];
  const saveLocalized = (field: 'title' | 'subtitle' | 'description', key: keyof Localized, value: string) =>
    save({ [field]: { ...draft[field], [key]: value } });
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

  return (
    <div className="card editor__fields" data-testid="course-details">
      <h2 className="field-group__title">{t('studio.details')}</h2>
      <CoverPicker draft={draft} />
      <LazyField
        label={t('studio.titleZh')}
        value={draft.title.zh}
        onSave={(v) => saveLocalized('title', 'zh', v)}
        testId="title-zh"
      />
      <LazyField label={t('studio.titleEn')} value={draft.title.en} onSave={(v) => saveLocalized('title', 'en', v)} />
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
      <CompletionRulesField draft={draft} save={save} />
    </div>
  );
}

/** What completes the course: lessons done, exercises mastered, exams passed (at least one). */
function CompletionRulesField({
  draft,
  save,
}: {
  draft: CourseDraftDoc;
  save: (patch: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const rules = draft.completion ?? ALL_REQUIRED;
  const kinds = [
    ['lessons', t('studio.completionLessons')],
    ['exercises', t('studio.completionExercises')],
    ['exams', t('studio.completionExams')],
  ] as const;
  return (
    <fieldset className="field-group" data-testid="completion-rules">
      <legend className="field-group__title">{t('studio.completionRules')}</legend>
      {kinds.map(([key, label]) => (
        <label key={key} className="checkbox">
          <input
            type="checkbox"
            checked={rules[key]}
            // At least one rule stays: a course is completed by something.
            disabled={rules[key] && Object.values(rules).filter(Boolean).length === 1}
            onChange={(event) => save({ completion: { ...rules, [key]: event.target.checked } })}
          />{' '}
          {label}
        </label>
      ))}
    </fieldset>
  );
}
