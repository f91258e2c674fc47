// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MarkdownReader, safeUrl } from '../../renderer/src/lesson/MarkdownReader.js';
import { renderUi } from './harness.js';

const hostile = `# 第一课

正文 **加粗** 与 [安全链接](https://example.com/a) 和 [危险](javascript:alert(1)) 和 [data](data:text/html,<script>alert(1)</script>)。

<script>window.pwned = true</script>
<img src=x onerror="window.pwned = true">
<iframe src="https://evil.example"></iframe>

| 算法 | 复杂度 |
| --- | --- |
| 二分查找 | O(log n) |
`;

describe('MarkdownReader', () => {
  it('renders Markdown (with tables) and never the HTML inside it', async () => {
    const onPosition = vi.fn();
    const { container } = await renderUi(
      <MarkdownReader text={hostile} resumeAt={0} onPosition={onPosition} highlights={[]} />,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('第一课');
    expect(container.querySelector('strong')?.textContent).toBe('加粗');
    expect(screen.getByRole('table').textContent).toContain('二分查找');
    expect(container.querySelector('script, img, iframe')).toBeNull();
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('keeps http links (opening outside the app) and makes script and data links inert', async () => {
    const { container } = await renderUi(
      <MarkdownReader text={hostile} resumeAt={0} onPosition={() => undefined} highlights={[]} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a']);
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(container.textContent).toContain('危险');
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBe('');
    expect(safeUrl('file:///etc/passwd')).toBe('');
    expect(safeUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
  });

  it('reports a short lesson as read to the end once it is open', async () => {
    const onPosition = vi.fn();
    await renderUi(<MarkdownReader text="很短的一课。" resumeAt={0} onPosition={onPosition} highlights={[]} />);
    expect(onPosition).toHaveBeenCalledWith(1, 1, [[0, 1]]);
  });
});
