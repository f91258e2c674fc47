import { z } from 'zod';

import { LANGUAGE_PREFERENCES, PRICE_CURRENCY_PREFERENCES, THEME_PREFERENCES } from './settings-options.js';

export { LANGUAGE_PREFERENCES, PRICE_CURRENCY_PREFERENCES, THEME_PREFERENCES } from './settings-options.js';

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

export const settingsSchema = z
  .object({
    language: z.enum(LANGUAGE_PREFERENCES),
    theme: z.enum(THEME_PREFERENCES),
    /** The learner's currency: prices in another are also shown in it, approximately. */
    priceCurrency: z.enum(PRICE_CURRENCY_PREFERENCES),
    syncServerUrl: httpUrl,
    /** How long owned content stays readable with no contact with the server. */
    offlineGraceDays: z.number().int().min(1).max(365),
    /** Suggestions from the learner's own history; off: popular courses of their interests only. */
    personalizedRecommendations: z.boolean(),
    /** What a new learner picked: category ids and course languages, for suggestions before any history. */
    interests: z
      .object({
        categories: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(30),
        languages: z.array(z.enum(['zh-CN', 'en'])).max(2),
      })
      .strict(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type LanguagePreference = Settings['language'];
export type ThemePreference = Settings['theme'];

/** A change to some settings; at least one field, unknown fields refused. */
export const settingsPatchSchema = settingsSchema
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'at least one setting must be given');

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SYNC_SERVER_URL = 'http://127.0.0.1:4780';

export const defaultSettings: Settings = {
  language: 'system',
  theme: 'system',
  priceCurrency: 'auto',
  syncServerUrl: DEFAULT_SYNC_SERVER_URL,
  offlineGraceDays: 30,
  personalizedRecommendations: true,
  interests: { categories: [], languages: [] },
};
