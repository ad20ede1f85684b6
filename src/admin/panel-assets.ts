import { Router as AdminRouter } from 'adminjs';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Where AdminJS serves its files, under /admin. */
const ASSETS = '/frontend/assets/';
/** A year: a versioned address never changes what it serves. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.woff': 'font/woff',
};
/** WOFF is compressed already. */
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.ttf', '.eot']);

type Encoding = 'br' | 'gzip';

interface Asset {
  /** The file's stat when it was read: a changed bundle (development's watcher, a new build) is read again. */
  key: string;
  /** The first 16 hex digits of the content's SHA-256: its version. */
  hash: string;
  type: string;
  identity: Buffer;
  /** Its compressed copies, made (or read from the cache folder) after it is read: none for a file that does not compress. */
  encoded: Promise<Partial<Record<Encoding, Buffer>>>;
  /** The copies once made: until then the file goes out as it is, not to be kept (`no-cache`), rather than keep a browser waiting. */
  ready?: Partial<Record<Encoding, Buffer>>;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Brotli's quality: the highest at build time (once, for the production bundles), a fast one when the service compresses a bundle itself. */
export const BUILD_QUALITY = 11;
const RUNTIME_QUALITY = 5;

/**
 * The panel's scripts and styles (AdminJS's bundles, the design system, our components) served
 * compressed and cacheable (issue 18). Each file is read once per version, hashed, and compressed
 * in brotli and gzip once: at build time for production (`precompress`, from build-panel.ts), else
 * when the service starts, into `cacheDir` (by hash, so a restart reuses it). A request gets the
 * encoding its Accept-Encoding prefers (`Vary: Accept-Encoding`), identity when it names none; the
 * pages name each bundle with `?v=<hash>`, cached for a year, and the bare address is revalidated.
 */
export class PanelAssets {
  private readonly sources = new Map<string, string>();
  private readonly loaded = new Map<string, { key: string; asset: Promise<Asset> }>();

  constructor(
    private readonly cacheDir: string,
    componentsBundle: string,
    private readonly quality = RUNTIME_QUALITY,
  ) {
    for (const asset of AdminRouter.assets) if (asset.path.startsWith(ASSETS)) this.sources.set(asset.path.slice(ASSETS.length), asset.src);
    // In development AdminJS builds the components bundle on its first request (a route, not an
    // asset); once the file is there it is served like the others.
    this.sources.set('components.bundle.js', componentsBundle);
  }

  /** Reads, hashes and compresses every file there is (libuv's threads compress); how many were. */
  async warm(): Promise<number> {
    const done = await Promise.all([...this.sources.keys()].map((name) => this.load(name)?.then((asset) => asset.encoded).then(() => true, () => false) ?? false));
    return done.filter(Boolean).length;
  }

  /** Reads and hashes every file there is (not waiting for their compression), for the pages to name their versions. */
  private hashed(): Promise<unknown> {
    return Promise.all([...this.sources.keys()].map((name) => this.load(name)?.catch(() => undefined)));
  }

  /** The version of a file as the pages name it, or null while it is not read yet (the page then names the bare address). */
  version(name: string): string | null {
    const source = this.sources.get(name);
    const known = this.hashes.get(name);
    if (!source || !known) return null;
    try {
      return statKey(source) === known.key ? known.hash : null;
    } catch {
      return null;
    }
  }

  /** Each file's version as last read, with the stat it was read at. */
  private readonly hashes = new Map<string, { key: string; hash: string }>();

  private load(name: string): Promise<Asset> | null {
    const source = this.sources.get(name);
    if (!source || !existsSync(source)) return null;
    const key = statKey(source);
    const current = this.loaded.get(name);
    if (current?.key === key) return current.asset;
    const asset = this.read(source, key).then((read) => {
      this.hashes.set(name, { key, hash: read.hash });
      return read;
    });
    asset.catch(() => this.loaded.delete(name));
    this.loaded.set(name, { key, asset });
    return asset;
  }

  private async read(source: string, key: string): Promise<Asset> {
    const identity = await readFile(source);
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    const extension = extname(source);
    const encoded = COMPRESSIBLE.has(extension) ? this.encode(identity, hash) : Promise.resolve({});
    const asset: Asset = { key, hash, type: TYPES[extension] ?? 'application/octet-stream', identity, encoded };
    // Out of memory or a full disk: the file keeps going out as it is.
    encoded.then((copies) => (asset.ready = copies), () => (asset.ready = {}));
    return asset;
  }

  private async encode(identity: Buffer, hash: string): Promise<Partial<Record<Encoding, Buffer>>> {
    const [br, gz] = await Promise.all([
      this.compressed(hash, 'br', () => brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: this.quality, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } })),
      this.compressed(hash, 'gzip', () => gzipped(identity, { level: this.quality === BUILD_QUALITY ? 9 : 6 })),
    ]);
    return { br, gzip: gz };
  }

  /** A compressed copy from the cache folder, or made now and kept there (a folder that cannot be written only costs the next start the same work). */
  private async compressed(hash: string, encoding: Encoding, make: () => Promise<Buffer>): Promise<Buffer> {
    const file = join(this.cacheDir, `${hash}.${encoding === 'br' ? 'br' : 'gz'}`);
    try {
      return await readFile(file);
    } catch {
      const body = await make();
      try {
        await mkdir(this.cacheDir, { recursive: true });
        // Written aside then renamed: another instance starting at the same time never reads half a file.
        const partial = `${file}.${process.pid}.partial`;
        await writeFile(partial, body);
        await rename(partial, file);
      } catch {
        // A read-only folder: served from memory all the same.
      }
      return body;
    }
  }

  /** Serves `/admin/frontend/assets/<file>` (mounted at /admin); anything else, or a file not built yet, goes on to AdminJS. */
  middleware() {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith(ASSETS)) return next();
      const loading = this.load(req.path.slice(ASSETS.length));
      if (!loading) return next();
      let asset: Asset;
      try {
        asset = await loading;
      } catch (error) {
        return next(error);
      }
      // The first requests after a start, while the copies are being made (seconds for the 26 MB of
      // the development bundles), get the file as it is, to be asked again.
      const encoded = asset.ready ?? {};
      const compressing = !asset.ready && COMPRESSIBLE.has(extname(req.path));
      const encoding = preferredEncoding(req.headers['accept-encoding'], encoded);
      const body = encoding ? encoded[encoding]! : asset.identity;
      const etag = `"${asset.hash}${encoding ? `-${encoding}` : ''}"`;
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('ETag', etag);
      // The address of this version (the pages name it) never changes; the bare one is checked each time.
      res.setHeader('Cache-Control', req.query.v === asset.hash && !compressing ? IMMUTABLE : 'no-cache');
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', asset.type);
      if (encoding) res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', String(body.length));
      if (req.method === 'HEAD') res.end();
      else res.end(body);
    };
  }

  /**
   * Names each bundle of AdminJS's pages with its version (`app.bundle.js?v=…`). The pages
   * themselves stay `no-store` (createApp's default for the panel: they carry staff data).
   */
  pages() {
    return (_req: Request, res: Response, next: NextFunction): void => {
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        if (typeof body === 'string' && /^\s*<!DOCTYPE html>/i.test(body)) {
          // The first page after a start waits for the files to be read and hashed (once).
          void this.hashed().then(() => send(body.replace(/(src|href)="(\/admin\/frontend\/assets\/([^"?]+))"/g, (whole, attribute: string, path: string, name: string) => {
            const version = this.version(name);
            return version ? `${attribute}="${path}?v=${version}"` : whole;
          })));
          return res;
        }
        return send(body);
      };
      next();
    };
  }
}

/**
 * The encoding of the copies there are that the request accepts with the highest weight (RFC 9110
 * §12.5.3; `*` stands for the others), brotli on a tie (browsers list gzip first); none: identity.
 */
export function preferredEncoding(header: string | undefined, available: Partial<Record<Encoding, Buffer>>): Encoding | null {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(token, q === undefined ? 1 : Number(q) || 0);
  }
  let best: Encoding | null = null;
  let bestWeight = 0;
  for (const encoding of ['br', 'gzip'] as const) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (available[encoding] && weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/** Where AdminJS writes the components bundle (ADMIN_JS_TMP_DIR, see adminjs-env.ts), and the compressed copies beside it. */
export function panelAssetsDirs(): { cacheDir: string; componentsBundle: string } {
  const dir = process.env.ADMIN_JS_TMP_DIR ?? '.adminjs';
  return { cacheDir: join(dir, 'compressed'), componentsBundle: join(dir, 'bundle.js') };
}

function statKey(file: string): string {
  const info = statSync(file);
  return `${info.mtimeMs}:${info.size}`;
}

/** `npm run build`: the production bundles compressed at the highest quality, once, into the folder the service reads them from. */
export function precompress(cacheDir: string, componentsBundle: string): Promise<number> {
  return new PanelAssets(cacheDir, componentsBundle, BUILD_QUALITY).warm();
}
