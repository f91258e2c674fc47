/** Money in minor units, in the reader's language: ¥199.00, $29.00. */
export function formatPrice(amount: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount / 100);
}

/** The text of a bilingual field in the UI's language. */
export function localized(text: { zh: string; en: string }, language: string): string {
  return language.startsWith('zh') ? text.zh : text.en;
}
