import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A list of many rows of one height that renders only the rows in view (plus a margin),
 * so 10,000 courses scroll as smoothly as 10. It reports the visible window so the caller
 * can fetch just those rows; rows not loaded yet render as placeholders of the same
 * height, so nothing jumps when they arrive.
 */
export function VirtualList<T>({
  count,
  rowHeight,
  height,
  rowAt,
  renderRow,
  onWindowChange,
  label,
  overscan = 6,
}: {
  count: number;
  rowHeight: number;
  height: number;
  rowAt: (index: number) => T | undefined;
  renderRow: (item: T, index: number) => ReactNode;
  onWindowChange?: (start: number, end: number) => void;
  label: string;
  overscan?: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  useEffect(() => {
    onWindowChange?.(first, last);
  }, [first, last, onWindowChange]);

  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    const item = rowAt(index);
    rows.push(
      <li
        key={index}
        className="virtual-row"
        style={{ top: index * rowHeight, height: rowHeight }}
        aria-setsize={count}
        aria-posinset={index + 1}
      >
        {item === undefined ? <div className="virtual-row__placeholder" aria-hidden="true" /> : renderRow(item, index)}
      </li>,
    );
  }
  return (
    <div
      ref={scroller}
      className="virtual-list"
      style={{ height }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      tabIndex={-1}
    >
      <ul aria-label={label} className="virtual-list__inner" style={{ height: count * rowHeight }}>
        {rows}
      </ul>
    </div>
  );
}
