import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguagePreference } from '../../../common/settings.js';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

export const SUPPORTED_LANGUAGES = ['zh-CN', 'en'] as const;
export type UiLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Chinese for any Chinese system locale (zh, zh-CN, zh-Hans-…, zh-TW), English otherwise. */
export function languageForLocale(locale: string | undefined): UiLanguage {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function resolveLanguage(preference: LanguagePreference, systemLocales: readonly string[]): UiLanguage {
  return preference === 'system' ? languageForLocale(systemLocales[0]) : preference;
}

export async function initI18n(initial: UiLanguage): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initial,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
