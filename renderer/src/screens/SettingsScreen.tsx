import { useId, useState, type FormEvent } from 'react';
import { ServerStatusCard } from '../app/ServerStatusCard.js';
import { useTranslation } from 'react-i18next';
import {
  LANGUAGE_PREFERENCES,
  PRICE_CURRENCY_PREFERENCES,
  THEME_PREFERENCES,
} from '../../../common/settings-options.js';
import type { ProvisioningStatus } from '../../../common/contract/provisioning.js';
import type { Settings, SettingsPatch } from '../../../common/settings.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { SecretStorageSettings } from '../app/SecretStorageNotice.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from './format.js';
import type { ScreenProps } from './screen-props.js';

function ChoiceGroup<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  label: (option: T) => string;
  onChange: (option: T) => void;
  /** Set when the institution fixed this setting: shown, not changeable. */
  lockedBy?: string | undefined;
}) {
  return (
    <fieldset className="choice-group" disabled={props.lockedBy !== undefined}>
      <legend>
        {props.legend}
        {props.lockedBy !== undefined && <LockedBadge by={props.lockedBy} />}
      </legend>
      <div className="segmented">
        {props.options.map((option) => (
          <label key={option} className="segmented__option">
            <input
              type="radio"
              name={props.name}
              value={option}
              checked={props.value === option}
              onChange={() => props.onChange(option)}
            />
            <span>{props.label(option)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function LockedBadge({ by }: { by: string }) {
  const { t } = useTranslation();
  return (
    <span className="locked-badge" data-testid="locked-badge">
      <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden="true" className="locked-badge__icon">
        <path
          d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z"
          fill="currentColor"
        />
      </svg>
      {t('provisioning.lockedBy', { organization: by })}
    </span>
  );
}

/** Which institution manages this computer, whether the learner joined it, or why its file was refused. */
function ProvisioningBanner({ status }: { status: ProvisioningStatus | undefined }) {
  const { t } = useTranslation();
  if (!status || status.state === 'none') return null;
  if (status.state === 'checking') return <p className="banner banner--info">{t('provisioning.checking')}</p>;
  if (status.state === 'rejected') {
    return (
      <p className="banner banner--error" role="alert" data-testid="provisioning-banner">
        {t('provisioning.rejected')} <span className="mono">{status.message}</span>
      </p>
    );
  }
  return (
    <p className="banner banner--info" data-testid="provisioning-banner">
      {t('provisioning.managedBy', { organization: status.organization?.name ?? '' })}{' '}
      {t(`provisioning.membership.${status.membership}`)}
    </p>
  );
}

const LANGUAGE_NAMES = { 'zh-CN': '中文（简体）', en: 'English' } as const;

/** Personalisation on or off, the interests that shape suggestions before any history, and the model's state. */
function RecommendationSettings({
  settings,
  apply,
  lockedBy,
}: {
  settings: Settings;
  apply: (patch: SettingsPatch) => void;
  lockedBy: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const categories = useSubscription('catalog.watchCategories', {}).value ?? [];
  const status = useSubscription('recommendations.watchStatus', {}).value;
  const { interests } = settings;
  const toggle = <T extends string>(list: readonly T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return (
    <fieldset className="field-group" data-testid="recommendation-settings">
      <legend className="field-group__title">{t('recommend.settingsTitle')}</legend>
      <label className="check">
        <input
          type="checkbox"
          disabled={lockedBy !== undefined}
          checked={settings.personalizedRecommendations}
          onChange={(event) => apply({ personalizedRecommendations: event.target.checked })}
        />
        {t('recommend.personalized')}
        {lockedBy !== undefined && <LockedBadge by={lockedBy} />}
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
            onClick={() =>
              apply({ interests: { ...interests, categories: toggle(interests.categories, category.id) } })
            }
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
        {status &&
          t(
            `recommend.status.${status.state === 'ready' && status.courses === 0 ? 'readyFromContent' : status.state}`,
            {
              courses: new Intl.NumberFormat(i18n.language).format(status.courses),
              percent:
                status.progress === undefined
                  ? ''
                  : new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(status.progress),
              date: status.snapshotBuiltAt ? new Date(status.snapshotBuiltAt).toLocaleString(i18n.language) : '',
            },
          )}
      </p>
      {status?.state === 'building' && status.progress !== undefined && (
        <ProgressBar value={status.progress} label={t('recommend.buildProgress')} />
      )}
    </fieldset>
  );
}

export function SettingsScreen({ settings, serverStatus }: ScreenProps) {
  const { t } = useTranslation();
  const provisioning = useSubscription('provisioning.watch', {}).value;
  const lockedBy = (key: keyof Settings) =>
    provisioning?.locked.includes(key) ? (provisioning.organization?.name ?? '') : undefined;
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
    void update
      .run(patch)
      .finally(() =>
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
      <ProvisioningBanner status={provisioning} />
      <div className="settings-panel">
        <ChoiceGroup
          legend={t('settings.language')}
          name="language"
          options={LANGUAGE_PREFERENCES}
          value={shown.language}
          label={(option) => (option === 'system' ? t('settings.languageSystem') : LANGUAGE_NAMES[option])}
          onChange={(language) => apply({ language })}
          lockedBy={lockedBy('language')}
        />
        <ChoiceGroup
          legend={t('settings.theme')}
          name="theme"
          options={THEME_PREFERENCES}
          value={shown.theme}
          label={(option) =>
            t(
              option === 'system'
                ? 'settings.themeSystem'
                : option === 'light'
                  ? 'settings.themeLight'
                  : 'settings.themeDark',
            )
          }
          onChange={(theme) => apply({ theme })}
          lockedBy={lockedBy('theme')}
        />
        <ChoiceGroup
          legend={t('settings.priceCurrency')}
          name="priceCurrency"
          options={PRICE_CURRENCY_PREFERENCES}
          value={shown.priceCurrency}
          label={(option) => (option === 'auto' ? t('settings.priceCurrencyAuto') : option)}
          onChange={(priceCurrency) => apply({ priceCurrency })}
          lockedBy={lockedBy('priceCurrency')}
        />
        <p className="field-group__help">{t('settings.priceCurrencyHelp')}</p>
        <form className="field-group" onSubmit={(event) => void saveUrl(event)} noValidate>
          <h2 className="field-group__title">
            {t('settings.syncServer')}
            {lockedBy('syncServerUrl') !== undefined && <LockedBadge by={lockedBy('syncServerUrl')!} />}
          </h2>
          <p id={urlHelpId} className="field-group__help">
            {t('settings.syncServerHelp')}
          </p>
          <ServerStatusCard serverStatus={serverStatus} />
          <label htmlFor={urlId}>{t('settings.syncServerUrl')}</label>
          <div className="inline-form">
            <input
              id={urlId}
              className="text-input mono"
              type="url"
              value={serverUrl}
              aria-describedby={urlHelpId}
              aria-invalid={urlState === 'invalid'}
              disabled={lockedBy('syncServerUrl') !== undefined}
              onChange={(event) => {
                setServerUrl(event.target.value);
                setUrlState('idle');
              }}
            />
            <button
              type="submit"
              className="button button--primary"
              disabled={update.running || lockedBy('syncServerUrl') !== undefined}
            >
              {t('settings.save')}
            </button>
          </div>
          <p className={`field-message field-message--${urlState}`} role={urlState === 'invalid' ? 'alert' : 'status'}>
            {urlState === 'saved' && t('settings.saved')}
            {urlState === 'invalid' &&
              update.lastReply &&
              !update.lastReply.ok &&
              t(`errors.${update.lastReply.error.code}`)}
          </p>
        </form>
        <RecommendationSettings settings={shown} apply={apply} lockedBy={lockedBy('personalizedRecommendations')} />
        <SecretStorageSettings />
      </div>
    </section>
  );
}
