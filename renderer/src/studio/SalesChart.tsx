import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SalesSeries } from '../../../common/sales/sales-series.js';

export interface ChartLabels {
  /** The chart's name, for assistive technology and the caption. */
  title: string;
  /** How a value reads (units: "3 sold"; revenue: "¥147.00"). */
  formatValue: (value: number) => string;
  /** How a bucket's date reads ("6 Dec" or "December 2026"). */
  formatBucket: (at: number, long: boolean) => string;
}

/** The theme's colours, read from the CSS variables the app's stylesheet defines. */
function themeColours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: read('--accent', '#b5482a'),
    text: read('--text-muted', '#5f6670'),
    grid: read('--border', '#e2dfd6'),
  };
}

/** Follows the app's theme (set on <html data-theme>), so the chart redraws in the new colours. */
function useTheme(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

/**
 * Sales over time as bars, drawn by uPlot on a canvas: dated axis, value axis, and a tooltip
 * that follows the pointer. The same figures are in a table beside it (for screen readers and
 * keyboards), so the canvas itself is hidden from assistive technology.
 */
export function SalesChart({
  series,
  values,
  labels,
  testId = 'sales-chart',
}: {
  series: Pick<SalesSeries, 'buckets'>;
  values: number[];
  labels: ChartLabels;
  /** Names the plot and its tooltip for tests (`<testId>` and `<testId>-tip`). */
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = host.current;
    if (!element || width === 0) return;
    const colours = themeColours();
    const axis = {
      stroke: colours.text,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 },
      font: '12px system-ui, sans-serif',
    };
    const tooltip = tip.current!;
    const first = series.buckets[0]!;
    const last = series.buckets.at(-1)!;
    const half = series.buckets.length > 1 ? (series.buckets[1]! - first) / 2 : 43_200_000;
    // About one date label per 72 px, counted back from the latest bucket so "today" is always labelled.
    const step = Math.max(1, Math.ceil(series.buckets.length / Math.max(1, Math.floor((width - 80) / 72))));
    const chart = new uPlot(
      {
        width,
        height: 220,
        ms: 1,
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
        scales: {
          // Half a bucket of room on each side, so the first and last bars are whole.
          x: { time: true, range: () => [first - half, last + half] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          {
            ...axis,
            // Ticks on bucket starts only (whole days or months), as many as fit.
            splits: () => series.buckets.filter((_at, i) => (series.buckets.length - 1 - i) % step === 0),
            values: (_u, ticks) => ticks.map((at) => labels.formatBucket(at, false)),
          },
          {
            ...axis,
            // As wide as its longest label ("CN¥1,250.00" needs more room than "¥40"), about 7 px a character.
            size: (_u, values) =>
              Math.max(48, Math.ceil(Math.max(0, ...(values ?? []).map((v) => v.length)) * 7.2) + 18),
            values: (_u, ticks) => ticks.map((value) => labels.formatValue(value)),
          },
        ],
        series: [
          {},
          {
            label: labels.title,
            fill: colours.accent,
            stroke: colours.accent,
            // No outline: a day without sales is empty, not a line.
            width: 0,
            paths: uPlot.paths.bars!({ size: [0.7, 28], align: 0 }),
            points: { show: false },
          },
        ],
        hooks: {
          setCursor: [
            (u) => {
              const index = u.cursor.idx;
              if (index === null || index === undefined) {
                tooltip.hidden = true;
                return;
              }
              tooltip.hidden = false;
              tooltip.textContent = `${labels.formatBucket(series.buckets[index]!, true)} · ${labels.formatValue(values[index] ?? 0)}`;
              const left = u.valToPos(series.buckets[index]!, 'x') + u.over.offsetLeft;
              tooltip.style.left = `${Math.min(Math.max(0, left - tooltip.offsetWidth / 2), width - tooltip.offsetWidth)}px`;
            },
          ],
        },
      },
      [series.buckets, values],
      element,
    );
    chart.root.setAttribute('aria-hidden', 'true');
    return () => chart.destroy();
  }, [series, values, labels, width, theme]);

  return (
    <div className="sales-chart">
      <div ref={host} className="sales-chart__plot" data-testid={testId} />
      <div ref={tip} className="sales-chart__tip" role="status" data-testid={`${testId}-tip`} hidden />
    </div>
  );
}
