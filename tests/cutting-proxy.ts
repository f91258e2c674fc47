import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between a device and its server that can cut the line at chosen
 * moments, as a train entering a tunnel would: the request has reached the server (and taken
 * effect), but the connection dies before or during the answer. HTTP/1.1 without pipelining: the
 * answer on a connection belongs to the last request line seen on it.
 */
export interface CuttingProxy {
  url: string;
  /** The next `times` requests matching `request` ("POST /v1/sync/notes/push") lose their connection as the answer starts. */
  dropAnswers(request: RegExp, times: number): void;
  /** The next `times` answers to `request` are cut off after `bytes` bytes. */
  cutAnswersAfter(request: RegExp, bytes: number, times: number): void;
  /** Bytes of answers relayed so far to requests matching `request`. */
  answerBytes(request: RegExp): number;
  /** How many connections were cut. */
  cuts(): number;
  close(): Promise<void>;
}

interface Rule {
  request: RegExp;
  afterBytes: number;
  times: number;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  const rules: Rule[] = [];
  const relayed: { line: string; bytes: number }[] = [];
  const sockets = new Set<Socket>();
  let cutCount = 0;

  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client).add(upstream);
    let current: { line: string; bytes: number; rule: Rule | undefined } | undefined;
    const cut = () => {
      cutCount++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const line = /^(GET|POST|PUT|HEAD|DELETE|PATCH) \S+ HTTP\/1\.1/m.exec(chunk.toString('latin1'))?.[0];
      if (line) {
        const rule = rules.find((r) => r.times > 0 && r.request.test(line));
        if (rule) rule.times--;
        current = { line, bytes: 0, rule };
        relayed.push(current);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!current) return void client.write(chunk);
      const room = current.rule ? current.rule.afterBytes - current.bytes : Infinity;
      if (room <= 0) return cut();
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      current.bytes += part.length;
      if (part.length < chunk.length) {
        client.write(part, cut);
        return;
      }
      client.write(part);
    });
    const close = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    dropAnswers: (request, times) => void rules.push({ request, afterBytes: 0, times }),
    cutAnswersAfter: (request, bytes, times) => void rules.push({ request, afterBytes: bytes, times }),
    answerBytes: (request) => relayed.filter((r) => request.test(r.line)).reduce((sum, r) => sum + r.bytes, 0),
    cuts: () => cutCount,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
