// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { VirtualList } from '../../renderer/src/components/VirtualList.js';
import { renderUi } from './harness.js';

describe('VirtualList', () => {
  it('renders only the rows in view of 10,000, and the next ones after a scroll', async () => {
    const onWindowChange = vi.fn();
    const items = Array.from({ length: 10_000 }, (_, i) => `课程 ${i}`);
    await renderUi(
      <VirtualList
        count={items.length}
        rowHeight={100}
        height={600}
        label="courses"
        rowAt={(i) => items[i]}
        renderRow={(item) => <span>{item}</span>}
        onWindowChange={onWindowChange}
      />,
    );
    const list = screen.getByRole('list', { name: 'courses' });
    expect(screen.getAllByRole('listitem').length).toBeLessThanOrEqual(20);
    expect(list.style.height).toBe('1000000px');
    expect(screen.getByText('课程 0')).toBeTruthy();
    expect(onWindowChange).toHaveBeenLastCalledWith(0, 12);

    const scroller = list.parentElement!;
    scroller.scrollTop = 500_000;
    fireEvent.scroll(scroller);
    expect(screen.getByText('课程 5000')).toBeTruthy();
    expect(screen.queryByText('课程 0')).toBeNull();
    expect(screen.getAllByRole('listitem').length).toBeLessThanOrEqual(20);
    expect(screen.getByText('课程 5000').closest('li')!.getAttribute('aria-posinset')).toBe('5001');
  });

  it('shows placeholders of the same height for rows not loaded yet', async () => {
    await renderUi(
      <VirtualList
        count={50}
        rowHeight={80}
        height={400}
        label="courses"
        rowAt={(i) => (i < 3 ? `row ${i}` : undefined)}
        renderRow={(item) => <span>{item}</span>}
      />,
    );
    const rows = screen.getAllByRole('listitem');
    expect(rows[3]!.querySelector('.virtual-row__placeholder')).not.toBeNull();
    expect(rows[3]!.style.height).toBe('80px');
  });
});
