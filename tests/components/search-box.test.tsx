// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { sampleCourse, sampleLesson } from '../../main/core/database/samples.js';
import { SearchBox } from '../../renderer/src/app/SearchBox.js';
import { useCleanups, useTempDirs } from '../helpers.js';
import { inProcessApi, renderUi, startCore } from './harness.js';

const newDir = useTempDirs();
const cleanups = useCleanups();

async function setup(language: 'en' | 'zh-CN' = 'en') {
  const core = await startCore(newDir());
  cleanups.push(() => core.close());
  await core.database.courses.bulkInsert([
    sampleCourse('algo', {
      title: { zh: '算法导论', en: 'Introduction to Algorithms' },
      subtitle: { zh: '从排序到动态规划', en: 'From sorting to DP' },
    }),
    sampleCourse('net', { title: { zh: '计算机网络', en: 'Computer Networks' } }),
  ]);
  await core.database.lessons.bulkInsert([
    sampleLesson('algo', 0, { title: { zh: '为什么要学算法', en: 'Why learn algorithms' } }),
  ]);
  await core.search.ready;
  const onChoose = vi.fn();
  const onSearch = vi.fn();
  await renderUi(<SearchBox onChoose={onChoose} onSearch={onSearch} />, { api: inProcessApi(core), language });
  return {
    onChoose,
    onSearch,
    box: screen.getByRole('combobox', {
      name: language === 'en' ? 'Search courses and your downloaded lessons' : '搜索课程和已下载的课时',
    }),
  };
}

describe('SearchBox', () => {
  it('shows courses and lessons as you type, with the Chinese match highlighted', async () => {
    const { box } = await setup('zh-CN');
    fireEvent.change(box, { target: { value: '算法' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    const [course, lesson] = screen.getAllByRole('option');
    expect(course!.textContent).toContain('算法导论');
    expect(course!.querySelector('mark')?.textContent).toBe('算法');
    expect(lesson!.textContent).toContain('为什么要学算法');
    expect(lesson!.querySelector('mark')?.textContent).toBe('算法');
    expect(box.getAttribute('aria-expanded')).toBe('true');
  });

  it('moves through results with the arrow keys and opens one with Enter', async () => {
    const { box, onChoose } = await setup();
    fireEvent.change(box, { target: { value: 'algo' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    expect(screen.getAllByRole('option')[0]!.querySelector('mark')?.textContent).toBe('Algo');
    // Nothing is picked until the arrow keys pick it.
    expect(box.getAttribute('aria-activedescendant')).toBeNull();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]!.id);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onChoose).toHaveBeenCalledWith({ type: 'lesson', courseId: 'algo', lessonId: 'algo-l0' });
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('opens the results page for the query on Enter when no option is picked', async () => {
    const { box, onChoose, onSearch } = await setup();
    fireEvent.change(box, { target: { value: 'algo' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSearch).toHaveBeenCalledWith('algo');
    expect(onChoose).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('says when nothing matches, shows only the latest query’s answer, and Escape clears', async () => {
    const { box } = await setup();
    fireEvent.change(box, { target: { value: '网' } });
    fireEvent.change(box, { target: { value: '量子' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Nothing found for “量子”.'));
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect((box as HTMLInputElement).value).toBe('');
  });
});
