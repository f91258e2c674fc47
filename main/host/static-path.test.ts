import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveStaticPath } from './static-path.js';

const root = resolve('/srv/zhiku/renderer');

describe('resolveStaticPath', () => {
  it('maps paths inside the root, and / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets/index-abc.js'));
    expect(resolveStaticPath(root, '/assets/%E7%9F%A5%E5%BA%93.png')).toBe(join(root, 'assets/知库.png'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/assets/..%5c..%5cwindows',
    '/a\\..\\b',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/./index.html',
  ])('refuses %s', (path) => {
    expect(resolveStaticPath(root, path)).toBeNull();
  });

  it('knows the types the UI serves', () => {
    expect(mimeTypeFor('a/index.html')).toContain('text/html');
    expect(mimeTypeFor('x.JS')).toContain('javascript');
    expect(mimeTypeFor('lesson.webm')).toBe('video/webm');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
  });
});
