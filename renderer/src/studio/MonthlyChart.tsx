import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monthSeries } from '../../../common/sales/month-series.js';
import { formatPrice } from '../screens/format.js';
import { SalesChart, type ChartLabels } from './SalesChart.js';

/**
 * Money per calendar month as bars (the creator's earnings, the platform's fees), from the first
 * month with a figure to this one, with the same figures in a table for screen readers.
 */
export function MonthlyChart({
  title,
  figures,
  currency,
  testId,
}: {
  title: string;
  figures: { month: string; value: number }[];
  currency: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // The month holding "now" ends the chart; fixed when the chart is first drawn.
  const [now] = useState(() => Date.now());
  const series = useMemo(() => monthSeries(figures, now), [figures, now]);
  const labels = useMemo<ChartLabels>(() => {
    const short = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short' });
    const long = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long' });
    return {
      title,
      formatBucket: (at, full) => (full ? long : short).format(at),
      formatValue: (value) => formatPrice(Math.round(value), currency, language),
    };
  }, [language, title, currency]);
  return (
    <figure className="sales-figure" data-testid={testId}>
      <figcaption className="card__meta">
        {title} ({currency})
      </figcaption>
      <SalesChart series={series} values={series.values} labels={labels} testId={`${testId}-plot`} />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('earnings.month')}</th>
            <th scope="col">{title}</th>
          </tr>
        </thead>
        <tbody>
          {series.buckets.map((at, i) => (
            <tr key={at}>
              <th scope="row">{labels.formatBucket(at, true)}</th>
              <td>{labels.formatValue(series.values[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
