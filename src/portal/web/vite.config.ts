import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The residents' portal: Preact (JSX compiled by Vite's own transform, no plugin), bundled into
 * dist/portal with hashed names (served for a year by PortalController), no inline script or style
 * (the CSP forbids them), nothing from another host. PORTAL_OUT_DIR lets the tests build elsewhere.
 */
export default defineConfig({
  root,
  base: '/portail/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: process.env.PORTAL_OUT_DIR ?? fileURLToPath(new URL('../../../dist/portal', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2020',
    sourcemap: false,
  },
});
