// Static assets for pages, served from the installed packages (no CDN): the compiled stylesheet, the
// GOV.UK Frontend and MoJ Frontend scripts, MoJ's images, and our own few files. The stylesheet is
// compiled from Sass once per set of inputs and kept on disk, so a restart reads it back in milliseconds;
// only the first start after an upgrade (or a change to app.scss) pays the ~2 s compile.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { GOVUK_DIR, MOJ_DIR, OWN_ASSETS, PROJECT_ROOT } from './paths';

export interface Stylesheet {
  css: string;
  /** Content hash: part of the URL, so browsers may cache it for good. */
  hash: string;
  href: string;
  compileMs: number;
  fromCache: boolean;
}

const PackageJson = z.object({ version: z.string() });
const version = (dir: string) => PackageJson.parse(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).version;

export const DEFAULT_CSS_CACHE_DIR = path.join(PROJECT_ROOT, 'data', 'cache', 'web');

/** Compiles src/web/assets/app.scss, or reads the result compiled earlier from the same inputs. */
export function buildStylesheet(options: { cacheDir?: string } = {}): Stylesheet {
  const cacheDir = options.cacheDir ?? DEFAULT_CSS_CACHE_DIR;
  const source = readFileSync(path.join(OWN_ASSETS, 'app.scss'), 'utf8');
  const sassDir = path.dirname(require.resolve('sass'));
  const key = createHash('sha256')
    .update([source, version(GOVUK_DIR), version(MOJ_DIR), version(sassDir)].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(cacheDir, `app-${key}.css`);
  const started = performance.now();
  let css: string;
  let fromCache = false;
  if (existsSync(file)) {
    css = readFileSync(file, 'utf8');
    fromCache = true;
  } else {
    css = compileSass(path.join(OWN_ASSETS, 'app.scss'));
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename would be atomic; two processes writing the same bytes is harmless too.
    writeFileSync(file, css);
  }
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return { css, hash, href: `/assets/app-${hash}.css`, compileMs: Math.round(performance.now() - started), fromCache };
}

function compileSass(entry: string): string {
  // Loaded lazily: only a start with a cold cache pays for loading the compiler.
  const sass = require('sass') as typeof import('sass');
  const result = sass.compile(entry, {
    // MoJ Frontend forwards "node_modules/govuk-frontend/...", so the project root is a load path too.
    loadPaths: [PROJECT_ROOT, path.join(PROJECT_ROOT, 'node_modules'), path.dirname(GOVUK_DIR), path.dirname(path.dirname(MOJ_DIR))],
    style: 'compressed',
    quietDeps: true,
    // The packages' own deprecation notices (for their next majors) are not ours to act on.
    logger: sass.Logger.silent,
  });
  return result.css;
}

const YEAR = 365 * 24 * 3600 * 1000;

/** Mounts /assets: every file named here and nothing else (in particular, no font files). */
export function assetRouter(stylesheet: Stylesheet): Router {
  const router = express.Router();
  router.get(stylesheet.href, (_req, res) => {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }).send(stylesheet.css);
  });
  const file = (url: string, absolute: string, type: string, maxAge = 3600 * 1000) =>
    router.get(url, (_req, res) => res.type(type).sendFile(absolute, { maxAge }));
  file('/assets/js/govuk-frontend.min.js', path.join(GOVUK_DIR, 'dist/govuk/govuk-frontend.min.js'), 'text/javascript');
  file('/assets/js/moj-frontend.min.js', path.join(MOJ_DIR, 'moj/moj-frontend.min.js'), 'text/javascript');
  file('/assets/js/app.js', path.join(OWN_ASSETS, 'app.js'), 'text/javascript');
  file('/assets/images/favicon.svg', path.join(OWN_ASSETS, 'favicon.svg'), 'image/svg+xml', YEAR);
  // MoJ components' icons (sortable table arrows, timeline document icon).
  router.use('/assets/images', express.static(path.join(MOJ_DIR, 'moj/assets/images'), { maxAge: YEAR, index: false, redirect: false }));
  return router;
}
