import { serverHealthSchema, type ServerStatus } from '../../common/contract/index.js';

const HEALTH_TIMEOUT_MS = 3_000;
const POLL_INTERVAL_MS = 15_000;

export interface ServerStatusMonitor {
  check(): Promise<ServerStatus>;
  /** Pushes the latest status now and after every check; polls while anyone listens. */
  watch(listener: (status: ServerStatus) => void): () => void;
  close(): void;
}

/**
 * Asks the sync server's `/health` whether it is there. Never throws: an unreachable or
 * misbehaving server is a status the UI shows, not an error.
 */
export function createServerStatusMonitor(deps: {
  serverUrl: () => string;
  fetch: typeof fetch;
  now: () => Date;
}): ServerStatusMonitor {
  const listeners = new Set<(status: ServerStatus) => void>();
  let latest: ServerStatus | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function check(): Promise<ServerStatus> {
    const url = deps.serverUrl();
    const base = { url, checkedAt: deps.now().toISOString() };
    let status: ServerStatus = { ...base, reachable: false, error: 'SERVER_UNREACHABLE' };
    let response: Response | undefined;
    try {
      response = await deps.fetch(new URL('/health', url), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    } catch {
      status = { ...base, reachable: false, error: 'SERVER_UNREACHABLE' };
    }
    if (response) {
      // Something answered: if it is not a healthy Zhiku server, that is a server error, not "offline".
      const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
      const health = serverHealthSchema.safeParse(body);
      status = health.success
        ? { ...base, reachable: true, health: health.data }
        : { ...base, reachable: false, error: 'SERVER_ERROR' };
    }
    latest = status;
    for (const listener of listeners) listener(status);
    return status;
  }

  function stopPolling() {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return {
    check,
    watch(listener) {
      listeners.add(listener);
      if (latest) listener(latest);
      void check();
      if (!timer) {
        timer = setInterval(() => void check(), POLL_INTERVAL_MS);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopPolling();
      };
    },
    close() {
      listeners.clear();
      stopPolling();
    },
  };
}
