/** The choices settings offer, apart from their schema so the UI can list them without loading zod. */
export const LANGUAGE_PREFERENCES = ['system', 'zh-CN', 'en'] as const;
export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
/** The currency prices are also shown in (approximately); `auto`: by the app's language (Chinese: CNY, else USD). */
export const PRICE_CURRENCY_PREFERENCES = ['auto', 'CNY', 'USD', 'EUR'] as const;
