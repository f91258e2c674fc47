import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csvDataUrl, csvText } from '../../../common/csv/csv-text.js';
import { SALES_RANGES, salesSeries, type Sale, type SalesRange } from '../../../common/sales/sales-series.js';
import { formatPrice } from '../screens/format.js';
import { SalesChart, type ChartLabels } from './SalesChart.js';

type Metric = 'units' | 'revenue';

/**
 * Sales over a chosen period — 7, 30 or 90 days, 12 months or all time — for every course or
 * one: totals (sold, revenue in each currency, refunds), a chart of units or revenue with
 * dated axes and tooltips, the figures per course, and the sales as a CSV file.
 */
export function SalesOverview({
  sales,
  now,
  titleOf,
}: {
  sales: Sale[];
  now: number;
  titleOf: (courseId: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [range, setRange] = useState<SalesRange>('30d');
  const [courseId, setCourseId] = useState('');
  const [metric, setMetric] = useState<Metric>('units');
  const [currency, setCurrency] = useState<string | undefined>();
  const series = useMemo(
    () =>
      salesSeries(sales, {
        range,
        now,
        ...(courseId ? { courseId } : {}),
        ...(currency ? { currency } : {}),
      }),
    [sales, range, now, courseId, currency],
  );
  const courseIds = [...new Set(sales.map((sale) => sale.courseId))];
  const charted = metric === 'revenue' && series.currency !== null ? 'revenue' : 'units';
  const values = charted === 'revenue' ? series.revenue : series.units;
  const labels = useMemo<ChartLabels>(() => {
    const short = new Intl.DateTimeFormat(
      language,
      series.unit === 'day' ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short' },
    );
    const long = new Intl.DateTimeFormat(
      language,
      series.unit === 'day' ? { dateStyle: 'full' } : { year: 'numeric', month: 'long' },
    );
    return {
      title: t(`studio.metric_${charted}`),
      formatBucket: (at, full) => (full ? long : short).format(at),
      formatValue: (value) =>
        charted === 'revenue'
          ? formatPrice(Math.round(value), series.currency!, language)
          : Number.isInteger(value)
            ? t('studio.units', { count: value })
            : '',
    };
  }, [language, series.unit, series.currency, charted, t]);

  const perCourse = courseIds
    .map((id) => ({ id, figures: salesSeries(sales, { range, now, courseId: id }).totals }))
    .filter((row) => !courseId || row.id === courseId)
    .filter((row) => row.figures.units > 0 || row.figures.refunds > 0);
  const revenueText = (revenue: Record<string, number>) =>
    Object.entries(revenue)
      .map(([code, amount]) => formatPrice(amount, code, language))
      .join(' + ') || '—';
  const csv = csvText([
    [
      t('studio.csv_order'),
      t('studio.csv_course'),
      t('studio.csv_paidAt'),
      t('studio.csv_amount'),
      t('studio.csv_fee'),
      t('studio.csv_earned'),
      t('studio.csv_currency'),
      t('studio.csv_refundedAt'),
    ],
    ...series.sales.map((sale) => [
      sale.orderId,
      titleOf(sale.courseId),
      new Date(sale.paidAt).toISOString(),
      sale.amount / 100,
      sale.fee / 100,
      (sale.amount - sale.fee) / 100,
      sale.currency,
      sale.refundedAt === null ? '' : new Date(sale.refundedAt).toISOString(),
    ]),
  ]);

  return (
    <div className="sales-overview">
      <div className="sales-controls" role="group" aria-label={t('studio.salesControls')}>
        <fieldset className="choice-group">
          <legend className="visually-hidden">{t('studio.rangeLabel')}</legend>
          <div className="segmented">
            {SALES_RANGES.map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name="sales-range"
                  value={option}
                  checked={range === option}
                  onChange={() => setRange(option)}
                />
                <span>{t(`studio.range_${option}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="select-label">
          {t('studio.course')}
          <select className="select" value={courseId} onChange={(event) => setCourseId(event.target.value)}>
            <option value="">{t('studio.allCourses')}</option>
            {courseIds.map((id) => (
              <option key={id} value={id}>
                {titleOf(id)}
              </option>
            ))}
          </select>
        </label>
        <label className="select-label">
          {t('studio.metricLabel')}
          <select className="select" value={metric} onChange={(event) => setMetric(event.target.value as Metric)}>
            <option value="units">{t('studio.metric_units')}</option>
            <option value="revenue">{t('studio.metric_revenue')}</option>
          </select>
        </label>
        {metric === 'revenue' && series.currencies.length > 1 && (
          <label className="select-label">
            {t('studio.currency')}
            <select
              className="select"
              value={series.currency ?? ''}
              onChange={(event) => setCurrency(event.target.value)}
            >
              {series.currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </label>
        )}
        <a
          className="button button--small"
          download={`zhiku-sales-${range}.csv`}
          href={csvDataUrl(csv)}
          data-testid="sales-csv"
        >
          {t('studio.exportCsv')}
        </a>
      </div>

      <dl className="stat-tiles" data-testid="sales-totals">
        <div className="stat-tile">
          <dt>{t('studio.totalSold')}</dt>
          <dd>{series.totals.units}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t('studio.totalRevenue')}</dt>
          <dd>{revenueText(series.totals.revenue)}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t('studio.totalEarnings')}</dt>
          <dd data-testid="sales-earnings">{revenueText(series.totals.earnings)}</dd>
        </div>
        <div className="stat-tile">
          <dt>{t('studio.totalRefunds')}</dt>
          <dd>{series.totals.refunds}</dd>
        </div>
      </dl>

      <figure className="sales-figure">
        <figcaption className="card__meta">
          {t('studio.chartCaption', { metric: labels.title, range: t(`studio.range_${range}`) })}
          {charted === 'revenue' && series.currencies.length > 1 && ` (${series.currency})`}
        </figcaption>
        <SalesChart series={series} values={values} labels={labels} />
        <table className="visually-hidden" data-testid="sales-chart-table">
          <caption>{labels.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studio.period')}</th>
              <th scope="col">{labels.title}</th>
            </tr>
          </thead>
          <tbody>
            {series.buckets.map((at, i) => (
              <tr key={at}>
                <th scope="row">{labels.formatBucket(at, true)}</th>
                <td>{labels.formatValue(values[i] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>

      {perCourse.length === 0 ? (
        <p className="empty-state">
          {series.sales.length === 0 && sales.length > 0 ? t('studio.noSalesInRange') : t('studio.noSales')}
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('studio.course')}</th>
              <th scope="col">{t('studio.totalSold')}</th>
              <th scope="col">{t('studio.totalRevenue')}</th>
              <th scope="col">{t('studio.totalEarnings')}</th>
              <th scope="col">{t('studio.totalRefunds')}</th>
            </tr>
          </thead>
          <tbody>
            {perCourse.map(({ id, figures }) => (
              <tr key={id} data-testid="sales-course">
                <td>{titleOf(id)}</td>
                <td>{t('studio.units', { count: figures.units })}</td>
                <td>{revenueText(figures.revenue)}</td>
                <td>{revenueText(figures.earnings)}</td>
                <td>{figures.refunds}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
