/**
 * CSV text a spreadsheet opens as it should (RFC 4180): cells quoted when they hold a comma,
 * quote or line break; a cell starting with =, +, - or @ is defused with a leading
 * apostrophe so no spreadsheet runs it as a formula (CSV injection). Numbers stay numbers.
 */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A data: URL of CSV text, with a byte order mark so Excel reads Chinese as UTF-8. */
export function csvDataUrl(text: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${text}`)}`;
}
