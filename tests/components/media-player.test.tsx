// @vitest-environment happy-dom
import { createRef } from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LessonHandle } from '../../renderer/src/lesson/lesson-handle.js';
import { MediaPlayer } from '../../renderer/src/lesson/MediaPlayer.js';
import { renderUi } from './harness.js';

async function player(kind: 'audio' | 'video', resumeAt = 0, watermark: string | null = null) {
  const onPosition = vi.fn();
  const handle = createRef<LessonHandle>();
  await renderUi(
    <MediaPlayer
      ref={handle}
      src="media/x"
      kind={kind}
      watermark={watermark}
      title="大 O"
      resumeAt={resumeAt}
      onPosition={onPosition}
    />,
  );
  const region = screen.getByTestId('media-player');
  const media = region.querySelector(kind) as HTMLMediaElement;
  return { region, media, onPosition, handle };
}

describe('MediaPlayer', () => {
  it('changes speed from the menu and with < and >', async () => {
    const { region, media } = await player('video');
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '1.5' } });
    expect(media.playbackRate).toBe(1.5);
    fireEvent.keyDown(region, { key: '>' });
    expect(media.playbackRate).toBe(1.75);
    fireEvent.keyDown(region, { key: '<' });
    fireEvent.keyDown(region, { key: '<' });
    expect(media.playbackRate).toBe(1.25);
  });

  it('seeks with the arrow keys and J/L, never before the start, and mutes with M', async () => {
    const { region, media } = await player('audio');
    media.currentTime = 30;
    fireEvent.keyDown(region, { key: 'ArrowRight' });
    expect(media.currentTime).toBe(35);
    fireEvent.keyDown(region, { key: 'j' });
    expect(media.currentTime).toBe(25);
    fireEvent.keyDown(region, { key: 'j' });
    fireEvent.keyDown(region, { key: 'j' });
    fireEvent.keyDown(region, { key: 'j' });
    expect(media.currentTime).toBe(0);
    fireEvent.keyDown(region, { key: 'm' });
    expect(media.muted).toBe(true);
  });

  it('resumes where the learner left off and reports the position when paused', async () => {
    const { media, onPosition, handle } = await player('video', 42);
    fireEvent(media, new Event('loadedmetadata'));
    expect(media.currentTime).toBe(42);
    media.currentTime = 50;
    fireEvent(media, new Event('pause'));
    expect(onPosition).toHaveBeenLastCalledWith(50, expect.any(Number), expect.any(Array));
    expect(handle.current!.currentAnchor()).toEqual({ type: 'time', start: 50 });
    handle.current!.jumpTo({ type: 'time', start: 12 });
    expect(media.currentTime).toBe(12);
  });

  it('counts as seen only what was played: a jump to the end skips what lies between', async () => {
    const { media, onPosition } = await player('video', 0);
    Object.defineProperty(media, 'duration', { value: 100, configurable: true });
    const playTo = (seconds: number) => {
      media.currentTime = seconds;
      fireEvent(media, new Event('timeupdate'));
    };
    for (const at of [1, 2, 3, 4]) playTo(at);
    media.currentTime = 95;
    fireEvent(media, new Event('seeked'));
    for (const at of [96, 98, 100]) playTo(at);
    fireEvent(media, new Event('pause'));
    expect(onPosition).toHaveBeenLastCalledWith(100, 100, [
      [0, 0.04],
      [0.95, 1],
    ]);
  });

  it('draws the buyer’s watermark over paid video only', async () => {
    await player('video', 0, 'mei@example.com');
    expect(screen.getAllByTestId('watermark')[0]!.textContent).toContain('mei@example.com');
  });
});
