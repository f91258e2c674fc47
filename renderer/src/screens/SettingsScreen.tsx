import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_PREFERENCES, THEME_PREFERENCES } from '../../../common/settings-options.js';
import type { Settings, SettingsPatch } from '../../../common/settings.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { localized } from './format.js';
import type { ScreenProps } from './screen-props.js';

function ChoiceGroup<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  onChange: (option: T) => void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{props.legend}</legend>
      <div className="segmented">
        {props.options.map((option) => (
          <label key={option} className="segmented__option">
            <input type="radio" name={props.name} value={option} checked={props.value === option} onChange={() => props.onChange(option)} />
            <span>{props.label(option)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const LANGUAGE_NAMES = { 'zh-CN': '中文（简体）', en: 'English' } as const;

/** Personalisation on or off, the interests that shape suggestions before any history, and the model's state. */
function RecommendationSettings({ settings, apply }: { settings: Settings; apply: (patch: SettingsPatch) => void }) {
  const { t, i18n } = useTranslation();
  const categories = useSubscription('catalog.watchCategories', {}).value ?? [];
  const status = useSubscription('recommendations.watchStatus', {}).value;
  const { interests } = settings;
  const toggle = <T extends string>(list: readonly T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  return (
    <fieldset className="field-group" data-testid="recommendation-settings">
      <legend className="field-group__title">{t('recommend.settingsTitle')}</legend>
      <label className="check">
        <input type="checkbox" checked={settings.personalizedRecommendations} onChange={(event) => apply({ personalizedRecommendations: event.target.checked })} />
        {t('recommend.personalized')}
      </label>
      <p className="field-group__help">{t('recommend.personalizedHelp')}</p>
      <p className="field-group__label">{t('recommend.interests')}</p>
      <div className="chip-list" role="group" aria-label={t('recommend.interests')}>
        {categories.map((category) => (
          <button
            key={category.id}
            type="button"
            className="chip"
            aria-pressed={interests.categories.includes(category.id)}
            onClick={() => apply({ interests: { ...interests, categories: toggle(interests.categories, category.id) } })}
          >
            {localized(category.name, i18n.language)}
          </button>
        ))}
        {(['zh-CN', 'en'] as const).map((language) => (
          <button
            key={language}
            type="button"
            className="chip"
            aria-pressed={interests.languages.includes(language)}
            onClick={() => apply({ interests: { ...interests, languages: toggle(interests.languages, language) } })}
          >
            {t('recommend.coursesIn', { language: LANGUAGE_NAMES[language] })}
          </button>
        ))}
      </div>
      <p className="field-group__help" role="status" data-testid="recommender-status">
        {status?.state === 'building' && <span className="spinner" aria-hidden="true" />}
        {status && t(`recommend.status.${status.state}`, { courses: status.courses, date: status.snapshotBuiltAt ? new Date(status.snapshotBuiltAt).toLocaleString(i18n.language) : '' })}
      </p>
    </fieldset>
  );
}

export function SettingsScreen({ settings }: ScreenProps) {
  const { t } = useTranslation();
  const update = useOperation('settings.update');
  const [serverUrl, setServerUrl] = useState(settings.syncServerUrl);
  const [urlState, setUrlState] = useState<'idle' | 'saved' | 'invalid'>('idle');
  const urlId = useId();
  const urlHelpId = useId();

  /** Shown at once while the core saves it; the core's pushed settings take over after its reply. */
  const [optimistic, setOptimistic] = useState<SettingsPatch>({});
  const shown = { ...settings, ...optimistic };
  const apply = (patch: SettingsPatch) => {
    setOptimistic((previous) => ({ ...previous, ...patch }));
    void update.run(patch).finally(() =>
      setOptimistic((previous) => Object.fromEntries(Object.entries(previous).filter(([key]) => !(key in patch)))),
    );
  };

  const saveUrl = async (event: FormEvent) => {
    event.preventDefault();
    const reply = await update.run({ syncServerUrl: serverUrl });
    setUrlState(reply.ok ? 'saved' : 'invalid');
  };

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div className="settings-panel">
        <ChoiceGroup
          legend={t('settings.language')}
          name="language"
          options={LANGUAGE_PREFERENCES}
          value={shown.language}
          label={(option) => (option === 'system' ? t('settings.languageSystem') : LANGUAGE_NAMES[option])}
          onChange={(language) => apply({ language })}
        />
        <ChoiceGroup
          legend={t('settings.theme')}
          name="theme"
          options={THEME_PREFERENCES}
          value={shown.theme}
          label={(option) => t(option === 'system' ? 'settings.themeSystem' : option === 'light' ? 'settings.themeLight' : 'settings.themeDark')}
          onChange={(theme) => apply({ theme })}
        />
        <form className="field-group" onSubmit={(event) => void saveUrl(event)} noValidate>
          <h2 className="field-group__title">{t('settings.syncServer')}</h2>
          <p id={urlHelpId} className="field-group__help">
            {t('settings.syncServerHelp')}
          </p>
          <label htmlFor={urlId}>{t('settings.syncServerUrl')}</label>
          <div className="inline-form">
            <input
              id={urlId}
              className="text-input mono"
              type="url"
              value={serverUrl}
              aria-describedby={urlHelpId}
              aria-invalid={urlState === 'invalid'}
              onChange={(event) => {
                setServerUrl(event.target.value);
                setUrlState('idle');
              }}
            />
            <button type="submit" className="button button--primary" disabled={update.running}>
              {t('settings.save')}
            </button>
          </div>
          <p className={`field-message field-message--${urlState}`} role={urlState === 'invalid' ? 'alert' : 'status'}>
            {urlState === 'saved' && t('settings.saved')}
            {urlState === 'invalid' && update.lastReply && !update.lastReply.ok && t(`errors.${update.lastReply.error.code}`)}
          </p>
        </form>
        <RecommendationSettings settings={shown} apply={apply} />
      </div>
    </section>
  );
}
