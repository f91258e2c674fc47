import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/helpers.js';
import { createServerClock } from './server-clock.js';

const newDir = useTempDirs();

describe('the server clock', () => {
  it('takes the offset from the quickest exchange, ignores slow answers, and keeps it across restarts', () => {
    const dataDir = newDir();
    let device = 1_790_000_000_000;
    const clock = createServerClock({ deviceNow: () => device, dataDir });
    expect(clock.now()).toBe(device);
    // The server is 3 h behind; a 400 ms exchange says so roughly, a 20 ms one precisely.
    const behind = -3 * 3_600_000;
    clock.observe(device - 200 + behind + 150, device - 400, device);
    clock.observe(device - 10 + behind, device - 20, device);
    expect(clock.offsetMs()).toBe(behind);
    // An answer that took 8 s says too little and is ignored; so is nonsense.
    clock.observe(device + 999_999, device - 8000, device);
    clock.observe(Number.NaN, device - 5, device);
    expect(clock.offsetMs()).toBe(behind);
    device += 60_000;
    expect(clock.now()).toBe(device + behind);
    // Restarted (offline): the last offset saved (it is saved when it moves by over a second) is still used.
    expect(Math.abs(createServerClock({ deviceNow: () => device, dataDir }).offsetMs() - behind)).toBeLessThanOrEqual(
      1000,
    );
  });

  it('follows the device’s clock when it is changed, from the first answer after, however slow', () => {
    let device = 1_790_000_000_000;
    const clock = createServerClock({ deviceNow: () => device, dataDir: newDir() });
    // Quick exchanges: the clocks agree.
    for (let i = 0; i < 4; i++) {
      device += 1000;
      clock.observe(device - 5, device - 10, device);
    }
    expect(clock.offsetMs()).toBe(0);
    // The laptop's clock is set a day ahead; the next answer is slower than every one before.
    device += 86_400_000;
    clock.observe(device - 86_400_000 - 400, device - 800, device);
    expect(clock.offsetMs()).toBe(-86_400_000);
    expect(clock.now()).toBe(device - 86_400_000);
    // Answers that agree within their round trips are pooled as before: the quickest wins.
    clock.observe(device - 86_400_000 - 20 + 300, device - 40, device);
    expect(clock.offsetMs()).toBe(-86_400_000 + 300);
  });

  it('reads the server’s time from the answers of a wrapped fetch', async () => {
    const clock = createServerClock({ deviceNow: () => 1_790_000_000_000, dataDir: newDir() });
    const fetchWithTime = clock.wrapFetch(
      async () => new Response('{}', { headers: { 'x-zhiku-time': String(1_790_000_000_000 + 7_200_000) } }),
    );
    await fetchWithTime('http://127.0.0.1:1/anything');
    expect(clock.offsetMs()).toBe(7_200_000);
  });
});
