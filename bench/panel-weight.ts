// The panel's weight (issue 18, `npm run bench:weight`): the bytes a browser with an empty cache
// downloads to open the panel's home — the page, its scripts and stylesheets, the fonts these name —
// as it asks for them (`Accept-Encoding: gzip, deflate, br, zstd`) and without compression (the
// bytes before the bundles were served compressed), then whether a second visit downloads any
// bundle again. PANEL_WEIGHT_MODE=production (the default: `npm start`'s bundles, minified, as
// `npm run build` leaves them) or development (the demo's: AdminJS's development bundles). The app
// runs in this process on an embedded database in a temporary folder. See docs/benchmarks.md.
const mode = process.env.PANEL_WEIGHT_MODE === 'development' ? 'development' : 'production';
// AdminJS reads NODE_ENV when it is first imported: set before any import of it.
process.env.NODE_ENV = mode;
process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
// Where `npm run build` left the components bundle and its compressed copies (as main.ts does).
await import('../src/admin/adminjs-env.js');
await import('reflect-metadata');
const { mkdtempSync, rmSync } = await import('node:fs');
const { request } = await import('node:http');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { createApp } = await import('../src/app.factory.js');
const { loadConfig } = await import('../src/config/app-config.js');
const { createStaff } = await import('../src/staff/staff-accounts.service.js');
const { AuditLog } = await import('../src/audit/audit-log.js');
const { Clock } = await import('../src/common/clock.js');
const { DataSource } = await import('typeorm');
const { dataSourceOptions } = await import('../src/database/data-source-options.js');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const PASSWORD = 'Soleil-d-hiver-27';
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

function fetchRaw(port: number, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What the home's page loads: its scripts and stylesheets, then the fonts of those stylesheets. */
function resourcesOf(html: string): string[] {
  const paths = [...html.matchAll(/<(?:script|link)[^>]*(?:src|href)="(\/admin\/[^"]+)"/g)].map((m) => m[1]);
  return [...new Set(paths)].filter((path) => !path.endsWith('.svg'));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-weight-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, MAIL_DISPATCH_INTERVAL_MS: '0', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const dataSource = new DataSource(await dataSourceOptions(config.database));
    const email = `poids.${Date.now().toString(36)}@ville.test`;
    await dataSource.initialize();
    try {
      await createStaff(dataSource, { email, displayName: 'Mesure du poids', role: 'supervisor', password: PASSWORD }, { log: new AuditLog(new Clock(config.cityTimeZone)), actor: { kind: 'system' } });
    } finally {
      await dataSource.destroy();
    }
    const login = await fetchRaw(port, 'POST', '/admin/login', { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, new URLSearchParams({ email, password: PASSWORD }).toString());
    const cookie = (([] as string[]).concat(login.headers['set-cookie'] ?? [])).find((c) => c.startsWith('guichet_personnel='))?.split(';')[0];
    if (login.status !== 303 || !cookie) throw new Error(`sign-in failed: ${login.status}`);

    // A first visit builds what the service builds once (the components bundle in development, the compressed copies).
    const warm = await fetchRaw(port, 'GET', '/admin', { cookie, accept: 'text/html' });
    await Promise.all(resourcesOf(warm.body.toString()).map((path) => fetchRaw(port, 'GET', path, { cookie, 'accept-encoding': BROWSER_ENCODINGS })));

    const rows: string[][] = [];
    const totals = { identity: 0, compressed: 0 };
    const page = await fetchRaw(port, 'GET', '/admin', { cookie, accept: 'text/html' });
    const packedPage = await fetchRaw(port, 'GET', '/admin', { cookie, accept: 'text/html', 'accept-encoding': BROWSER_ENCODINGS });
    const paths = resourcesOf(page.body.toString());
    rows.push(['/admin (the page)', String(page.body.length), `${packedPage.body.length} ${packedPage.headers['content-encoding'] ?? 'identity'}`, String(page.headers['cache-control'])]);
    totals.identity += page.body.length;
    totals.compressed += packedPage.body.length;
    const fonts = new Set<string>();
    for (const path of paths) {
      const plain = await fetchRaw(port, 'GET', path, { cookie });
      const packed = await fetchRaw(port, 'GET', path, { cookie, 'accept-encoding': BROWSER_ENCODINGS });
      if (plain.status !== 200 || packed.status !== 200) throw new Error(`${path}: ${plain.status} / ${packed.status}`);
      for (const font of plain.body.toString().matchAll(/url\((\/admin\/[^)]+\.woff2?)\)/g)) fonts.add(font[1]);
      rows.push([path, String(plain.body.length), `${packed.body.length} ${packed.headers['content-encoding'] ?? 'identity'}`, String(packed.headers['cache-control'])]);
      totals.identity += plain.body.length;
      totals.compressed += packed.body.length;
    }
    // The browser loads only the fonts the page uses; all of them, at most.
    for (const font of fonts) {
      const reply = await fetchRaw(port, 'GET', font, { cookie, 'accept-encoding': BROWSER_ENCODINGS });
      rows.push([font, String(reply.body.length), String(reply.body.length), String(reply.headers['cache-control'])]);
      totals.identity += reply.body.length;
      totals.compressed += reply.body.length;
    }
    const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
    const lines = [`panel weight, ${mode} bundles (NODE_ENV=${mode}), a cold visit of the home`, ''];
    lines.push(`${'file'.padEnd(64)}${'identity B'.padStart(12)}  ${'as a browser asks'.padEnd(20)}  cache-control`);
    for (const [path, identity, packed, cache] of rows) lines.push(`${path.padEnd(64)}${identity.padStart(12)}  ${packed.padEnd(20)}  ${cache}`);
    lines.push('', `total without compression: ${mb(totals.identity)}; as a browser asks: ${mb(totals.compressed)} (${((totals.compressed / totals.identity) * 100).toFixed(1)} %)`);
    const cacheable = paths.filter((path) => /\?v=[0-9a-f]{16}$/.test(path)).length;
    lines.push(`${cacheable} of ${paths.length} scripts and stylesheets named by version (cached for a year); a second visit downloads the page and the rest only.`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
