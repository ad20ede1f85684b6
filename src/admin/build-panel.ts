import './adminjs-env.js';
import AdminJS from 'adminjs';
import { panelComponents } from './admin-panel.module.js';
import { panelAssetsDirs, precompress } from './panel-assets.js';

/**
 * `npm run build`'s last step, under NODE_ENV=production: bundles the panel's components into
 * dist/admin-bundle, so that `npm start` in production serves it without bundling (AdminJS 7's own
 * `adminjs bundle` command is broken), then compresses every bundle the panel serves (brotli and
 * gzip, see PanelAssets). Resources play no part in the bundle.
 */
process.env.ADMIN_JS_SKIP_BUNDLE = 'false';
const { componentLoader, dashboard } = panelComponents();
await new AdminJS({ componentLoader, dashboard: { component: dashboard } }).initialize();
console.log(`Panel bundle written to ${process.env.ADMIN_JS_TMP_DIR}`);
// The production bundles compressed once, at brotli's highest quality: the service reads them from there.
const { cacheDir, componentsBundle } = panelAssetsDirs();
console.log(`${await precompress(cacheDir, componentsBundle)} panel files compressed into ${cacheDir}`);
