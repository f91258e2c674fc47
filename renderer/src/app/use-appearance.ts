import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../common/settings.js';
import { resolveLanguage } from '../i18n/index.js';

function useSystemPrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const onChange = () => setDark(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/** Applies the language and theme settings (or the system's, when set to follow it) to the page. */
export function useAppearance(settings: Settings | undefined): void {
  const { i18n } = useTranslation();
  const systemDark = useSystemPrefersDark();
  useEffect(() => {
    if (!settings) return;
    const language = resolveLanguage(settings.language, navigator.languages);
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [settings, i18n]);
  useEffect(() => {
    if (!settings) return;
    const theme = settings.theme === 'system' ? (systemDark ? 'dark' : 'light') : settings.theme;
    document.documentElement.dataset.theme = theme;
  }, [settings, systemDark]);
}
