/** The choices settings offer, apart from their schema so the UI can list them without loading zod. */
export const LANGUAGE_PREFERENCES = ['system', 'zh-CN', 'en'] as const;
export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
