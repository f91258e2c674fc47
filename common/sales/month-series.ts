/**
 * Monthly figures (`YYYY-MM` keys, as the server sums them) as a chart's buckets: every calendar
 * month from the first with a figure through the month holding `now`, empty months as zero, at
 * most `limit` months (the latest). Bucket starts are local midnights of the first of each month.
 */
export function monthSeries(
  figures: readonly { month: string; value: number }[],
  now: number,
  limit = 24,
): { buckets: number[]; values: number[] } {
  const byMonth = new Map<string, number>();
  for (const { month, value } of figures) byMonth.set(month, (byMonth.get(month) ?? 0) + value);
  const today = new Date(now);
  const last = { year: today.getFullYear(), month: today.getMonth() };
  const first = [...byMonth.keys()].sort()[0];
  let year = first ? Number(first.slice(0, 4)) : last.year;
  let month = first ? Number(first.slice(5, 7)) - 1 : last.month;
  const buckets: number[] = [];
  const values: number[] = [];
  while (year < last.year || (year === last.year && month <= last.month)) {
    buckets.push(new Date(year, month, 1).getTime());
    values.push(byMonth.get(`${year}-${String(month + 1).padStart(2, '0')}`) ?? 0);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return { buckets: buckets.slice(-limit), values: values.slice(-limit) };
}
