import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startApp, type TestApp } from './support/app.js';
import { loginAsStaff } from './support/staff.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * The panel's weight (issue 18): AdminJS's bundles served compressed in the encoding the browser
 * asks for (identity when it asks none), named by version in the pages and then cached for a year,
 * revalidated at their bare address; the pages compressed too, and never cached.
 */
describe('the panel’s bundles: compressed, versioned, cached', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await startApp();
    ({ cookie } = await loginAsStaff(t, 'clerk'));
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A GET with exactly these headers, its body as bytes (supertest would decompress it). */
  function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { cookie, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /**
   * The answer once the service has compressed the file (the first requests after a start get it as
   * it is, `no-cache`, while the copies are made): asked again until it comes compressed.
   */
  async function compressed(path: string, encodings = 'br, gzip'): Promise<Reply> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const reply = await get(path, { 'accept-encoding': encodings });
      if (reply.headers['content-encoding']) return reply;
      expect(reply.headers['cache-control']).toBe('no-cache');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${path} never came compressed`);
  }

  /** The bundles the panel's page names, with their versions. */
  async function pageBundles(): Promise<Map<string, string>> {
    const page = await get('/admin', { accept: 'text/html' });
    expect(page.status).toBe(200);
    // The page carries the staff member's data: never kept.
    expect(page.headers['cache-control']).toBe('no-store');
    const scripts = [...page.body.toString().matchAll(/<script src="(\/admin\/frontend\/assets\/[a-z-]+\.bundle\.js)(?:\?v=([0-9a-f]{16}))?"/g)];
    return new Map(scripts.map(([, path, version]) => [path, version]));
  }

  it('names every bundle in the page with the hash of its content', async () => {
    // The components bundle is built by its first request (development mode); the page then names its version too.
    expect((await get('/admin/frontend/assets/components.bundle.js')).status).toBe(200);
    const bundles = await pageBundles();
    expect([...bundles.keys()].sort()).toEqual(['app', 'components', 'design-system', 'global'].map((name) => `/admin/frontend/assets/${name}.bundle.js`));
    for (const [path, version] of bundles) {
      expect({ path, version }).toEqual({ path, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const plain = await get(`${path}?v=${version}`);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(plain.body).digest('hex').slice(0, 16)).toBe(version);
    }
  });

  it('serves brotli, gzip or identity as asked, with Vary: Accept-Encoding, cached for a year at the versioned address only', async () => {
    const bundles = await pageBundles();
    const path = '/admin/frontend/assets/app.bundle.js';
    const versioned = `${path}?v=${bundles.get(path)}`;
    await compressed(versioned);
    const plain = await get(versioned);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
    expect(plain.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // The file AdminJS ships, byte for byte (NODE_ENV=test: its development bundle).
    expect(plain.body.equals(readFileSync('node_modules/adminjs/lib/frontend/assets/scripts/app-bundle.development.js'))).toBe(true);

    const br = await get(versioned, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gz = await get(versioned, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    // Brotli refused: gzip; nothing acceptable but identity: identity.
    expect((await get(versioned, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get(versioned, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();

    // The bare address (an old page, a bookmark) is revalidated; its ETag answers 304.
    const bare = await get(path, { 'accept-encoding': 'br' });
    expect(bare.headers['cache-control']).toBe('no-cache');
    const again = await get(path, { 'accept-encoding': 'br', 'if-none-match': String(bare.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another version than the file's is not cached for a year.
    expect((await get(`${path}?v=0000000000000000`)).headers['cache-control']).toBe('no-cache');
  }, 180_000);

  it('compresses the pages themselves when asked (their state is a few hundred kilobytes), never kept', async () => {
    const plain = await get('/admin', { accept: 'text/html' });
    const br = await get('/admin', { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('no-store');
    // The same page but for its nonce.
    const unnonced = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""');
    expect(unnonced(brotliDecompressSync(br.body).toString())).toBe(unnonced(plain.body.toString()));
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    // The panel's data (AdminJS's API) stays uncompressed: it reflects what a request searches beside personal data.
    const api = await get('/admin/api/resources/persons/actions/list', { 'accept-encoding': 'gzip, br' });
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBeUndefined();
  });

  it('keeps the bundles behind the staff sign-in, as before', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/admin/frontend/assets/app.bundle.js' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(302);
  });
});
