import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './helpers.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** nginx (apt: nginx) on a loopback port with deploy/nginx.conf.template, in front of `upstreams` (host:port). */
export async function startNginx(upstreams: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const prefix = mkdtempSync(join(tmpdir(), 'zhiku-nginx-'));
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs', 'cache']) mkdirSync(join(prefix, dir));
  // Run as root, nginx's workers are `nobody`: they must reach and write the shared cache.
  chmodSync(prefix, 0o755);
  chmodSync(join(prefix, 'cache'), 0o777);
  const port = await freePort();
  const config = readFileSync(join(projectRoot, 'deploy/nginx.conf.template'), 'utf8')
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{LISTEN}}', `127.0.0.1:${port}`)
    .replaceAll('{{UPSTREAMS}}', upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=2s;`).join('\n        '));
  writeFileSync(join(prefix, 'nginx.conf'), config);
  const check = spawnSync(
    'nginx',
    [
      '-t',
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-g',
      `pid ${prefix}/nginx.pid; error_log ${prefix}/logs/error.log;`,
    ],
    { encoding: 'utf8' },
  );
  if (check.error) throw new Error(`nginx cannot run (apt-get install nginx): ${check.error.message}`);
  if (check.status !== 0) throw new Error(`nginx refused the configuration: ${check.stderr}`);
  const child = spawn(
    'nginx',
    [
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-g',
      `daemon off; pid ${prefix}/nginx.pid; error_log ${prefix}/logs/error.log;`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${url}/health/live`).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
