import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Answers slower than this say too little about when the server read its clock. */
const MAX_USEFUL_RTT_MS = 5000;
/** Recent samples kept; the one with the shortest round trip is the estimate. */
const SAMPLES = 8;
/** The estimate is saved when it moves by more than this (the device clock was changed). */
const SAVE_THRESHOLD_MS = 1000;
/**
 * Two samples disagree by at most half of each round trip; beyond that and this allowance
 * (the server's own clock stepping, timer jitter) the device's clock moved between them.
 */
const STEP_ALLOWANCE_MS = 1000;

export interface ServerClock {
  /** The device's clock corrected to the server's, as last measured (kept across restarts and offline). */
  now(): number;
  /** How far the server's clock is ahead of the device's, in milliseconds. */
  offsetMs(): number;
  /** One answer from the server: its `x-zhiku-time`, and when the request left and the answer arrived (device clock). */
  observe(serverMs: number, sentAt: number, receivedAt: number): void;
  /** A fetch that observes every answer carrying the server's time. */
  wrapFetch(fetchImpl: typeof fetch): typeof fetch;
}

/**
 * Devices stamp their changes (`updatedAt` of ratings, progress, notes) for the conflict rules
 * that compare them. A device whose clock is hours off would win or lose every such comparison,
 * so the core stamps in server time: every answer carries the server's clock, the device keeps
 * the offset measured on the quickest recent exchange (NTP's idea, one sample at a time), and
 * uses the last known offset while offline. When the device's clock is changed, the first answer
 * after says so (it cannot agree with the samples before) and the estimate starts over from it.
 * A device never online since its clock went wrong has nothing to correct with and stamps in its
 * own time.
 */
export function createServerClock(options: { deviceNow: () => number; dataDir: string }): ServerClock {
  const file = join(options.dataDir, 'server-clock.json');
  let offset = readSavedOffset(file);
  let saved = offset;
  const samples: { rtt: number; offset: number }[] = [];

  const clock: ServerClock = {
    now: () => options.deviceNow() + offset,
    offsetMs: () => offset,
    observe(serverMs, sentAt, receivedAt) {
      const rtt = receivedAt - sentAt;
      if (!Number.isFinite(serverMs) || serverMs <= 0 || rtt < 0 || rtt > MAX_USEFUL_RTT_MS) return;
      const sample = { rtt, offset: serverMs + rtt / 2 - receivedAt };
      // The device's clock was changed (set by hand, a day ahead, back from sleep): the samples
      // taken before measured the old clock, and would keep the old offset until outnumbered.
      if (samples.some((s) => Math.abs(s.offset - sample.offset) > (s.rtt + rtt) / 2 + STEP_ALLOWANCE_MS))
        samples.length = 0;
      samples.push(sample);
      if (samples.length > SAMPLES) samples.shift();
      offset = Math.round(samples.reduce((best, sample) => (sample.rtt < best.rtt ? sample : best)).offset);
      if (Math.abs(offset - saved) > SAVE_THRESHOLD_MS) {
        saved = offset;
        try {
          writeFileSync(`${file}.tmp`, JSON.stringify({ offsetMs: offset }));
          renameSync(`${file}.tmp`, file);
        } catch {
          // Not saved (a full disk): it is measured again after the next start.
        }
      }
    },
    wrapFetch: (fetchImpl) => async (input, init) => {
      const sentAt = options.deviceNow();
      const response = await fetchImpl(input, init);
      const serverTime = response.headers.get('x-zhiku-time');
      if (serverTime) clock.observe(Number(serverTime), sentAt, options.deviceNow());
      return response;
    },
  };
  return clock;
}

function readSavedOffset(file: string): number {
  try {
    const value = (JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs;
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}
