import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { seenTracker, throttled, type LessonHandle, type ViewerProps } from './lesson-handle.js';
import { Watermark } from './Watermark.js';

export const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/**
 * Audio or video from the device (the core serves the decrypted bytes by range). Resumes
 * where the learner left off; speed; keyboard: Space/K play or pause, ←/→ 5 s, J/L 10 s,
 * < and > speed, M mute. The position is reported every few seconds and on pause.
 */
export const MediaPlayer = forwardRef<
  LessonHandle,
  ViewerProps & { src: string; kind: 'audio' | 'video'; watermark: string | null; title: string }
>(function MediaPlayer({ src, kind, watermark, title, resumeAt, onPosition }, ref) {
  const { t } = useTranslation();
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [speed, setSpeed] = useState(1);

  useImperativeHandle(ref, () => ({
    currentAnchor: () => ({ type: 'time', start: Math.floor(media.current?.currentTime ?? 0) }),
    jumpTo(anchor) {
      if (media.current) media.current.currentTime = anchor.start;
    },
  }));

  useEffect(() => {
    const element = media.current;
    if (!element) return;
    const seen = seenTracker();
    // Played stretches only: a jump (seek) starts a new stretch, so skipping to the end is not watching.
    let from = element.currentTime;
    let last = element.currentTime;
    const played = () => {
      const duration = element.duration;
      if (!Number.isFinite(duration) || duration <= 0) return;
      const at = element.currentTime;
      if (at >= last && at - last <= 3 * Math.max(1, element.playbackRate)) seen.add(from / duration, at / duration);
      else from = at;
      last = at;
    };
    const onSeeked = () => {
      from = element.currentTime;
      last = element.currentTime;
    };
    const report = throttled((position: number, length: number) => onPosition(position, length, seen.ranges()), 5000);
    const now = () => {
      played();
      report.call(element.currentTime, Number.isFinite(element.duration) ? element.duration : 0);
    };
    const resume = () => {
      if (resumeAt > 0 && resumeAt < (element.duration || Infinity) - 1) element.currentTime = resumeAt;
    };
    const flushNow = () => {
      now();
      report.flush();
    };
    element.addEventListener('loadedmetadata', resume);
    element.addEventListener('seeked', onSeeked);
    element.addEventListener('timeupdate', now);
    element.addEventListener('pause', flushNow);
    element.addEventListener('ended', flushNow);
    if (element.readyState >= 1) resume();
    return () => {
      element.removeEventListener('loadedmetadata', resume);
      element.removeEventListener('seeked', onSeeked);
      element.removeEventListener('timeupdate', now);
      element.removeEventListener('pause', flushNow);
      element.removeEventListener('ended', flushNow);
      report.flush();
    };
  }, [onPosition, resumeAt, src]);

  const changeSpeed = (value: number) => {
    setSpeed(value);
    if (media.current) media.current.playbackRate = value;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const element = media.current;
    if (!element || event.target instanceof HTMLSelectElement || event.metaKey || event.ctrlKey || event.altKey) return;
    const seek = (by: number) => {
      element.currentTime = Math.max(
        0,
        Math.min(Number.isFinite(element.duration) ? element.duration : Infinity, element.currentTime + by),
      );
    };
    const index = SPEEDS.indexOf(speed as (typeof SPEEDS)[number]);
    const handled: Record<string, () => void> = {
      ' ': () => void (element.paused ? element.play().catch(() => undefined) : element.pause()),
      k: () => void (element.paused ? element.play().catch(() => undefined) : element.pause()),
      ArrowLeft: () => seek(-5),
      ArrowRight: () => seek(5),
      j: () => seek(-10),
      l: () => seek(10),
      '<': () => changeSpeed(SPEEDS[Math.max(0, index - 1)]!),
      '>': () => changeSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)]!),
      m: () => void (element.muted = !element.muted),
    };
    const action = handled[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div
      className={`player player--${kind}`}
      onKeyDown={onKeyDown}
      tabIndex={0}
      aria-label={t('player.label', { title })}
      data-testid="media-player"
    >
      <div className="player__stage">
        {kind === 'video' ? (
          <video ref={media} src={src} controls preload="metadata" className="player__media" />
        ) : (
          <audio ref={media} src={src} controls preload="metadata" className="player__media" />
        )}
        {kind === 'video' && <Watermark text={watermark} />}
      </div>
      <div className="player__bar">
        <label className="select-label">
          {t('player.speed')}
          <select
            className="select"
            value={speed}
            onChange={(event) => changeSpeed(Number(event.target.value))}
            aria-label={t('player.speed')}
          >
            {SPEEDS.map((value) => (
              <option key={value} value={value}>
                {value}×
              </option>
            ))}
          </select>
        </label>
        <span className="card__meta">{t('player.shortcuts')}</span>
      </div>
    </div>
  );
});
