/**
 * Follows the server's `/v1/sync/stream` for this device and tells replication what to
 * re-pull: everything after each (re)connect, the named collections after a `change`.
 * Reconnects with backoff (1 s doubling to 30 s) until stopped.
 */
export function followEventStream(deps: {
  open: (signal: AbortSignal) => Promise<Response>;
  onResync: () => void;
  onChange: (collections: string[]) => void;
  onConnectionChange: (connected: boolean) => void;
}): () => void {
  const controller = new AbortController();
  let backoff = 1_000;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function connectOnce(): Promise<void> {
    const response = await deps.open(controller.signal);
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    deps.onConnectionChange(true);
    backoff = 1_000;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const chunk: { done: boolean; value?: Uint8Array } = await reader.read();
      if (chunk.done || !chunk.value) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        if (event === 'RESYNC') deps.onResync();
        else if (event === 'change') {
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as { collections?: string[] };
          deps.onChange(data.collections ?? []);
        }
      }
    }
  }

  void (async () => {
    while (!controller.signal.aborted) {
      try {
        await connectOnce();
      } catch {
        // Offline or the server went away: try again later.
      }
      deps.onConnectionChange(false);
      if (controller.signal.aborted) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
  })();

  return () => controller.abort();
}
