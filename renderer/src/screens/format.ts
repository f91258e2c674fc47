/** Money in minor units, in the reader's language: ¥199.00, $29.00. */
export function formatPrice(amount: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount / 100);
}

/** The text of a bilingual field in the UI's language, or the other language when it has none. */
export function localized(text: { zh: string; en: string }, language: string): string {
  return language.startsWith('zh') ? text.zh || text.en : text.en || text.zh;
}

/** Bytes as people read them: 12.3 MB. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
