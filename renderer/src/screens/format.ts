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

/** A duration as people read it on a course: 3 h 20 min, 45 min (whole minutes, at least 1). */
export function formatDuration(seconds: number, language: string): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const unit = (value: number, unitName: 'hour' | 'minute') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: unitName, unitDisplay: 'short' }).format(value);
  if (hours === 0) return unit(minutes, 'minute');
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}

/** A count in the reader's language, compact when large: 1,234 → 1.2K / 1234 → 1234 (zh: 1.2万 from 10,000). */
export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: count >= 10_000 ? 'compact' : 'standard' }).format(count);
}

/** A moment as a date and time in the reader's language. */
export function formatDateTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}
