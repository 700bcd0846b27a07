/**
 * The page's files: index.html and inspector.css from the source folder inspector/page/, and the page's modules as
 * tsc compiled them into dist/inspector/page/, with the few pure modules of the stack they import. Everything is
 * local, so the page works with no network at all. Only names made of safe characters inside those folders are served.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/inspector/server/ → the project root. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE = join(PROJECT_ROOT, 'inspector', 'page');
const COMPILED = join(PROJECT_ROOT, 'dist', 'inspector', 'page');

/** Modules outside the page that it imports at run time (pure, no Node API); the browser tests catch a missing one. */
const PAGE_IMPORTS: ReadonlySet<string> = new Set(['/codecs/exi/message-name.js', '/codecs/v2gtp/exi-schemas.js', '/codecs/v2gtp/payload-types.js']);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** `/page/model/store.js`: path segments of letters, digits, dashes and dots, never `..`. */
const SAFE_PATH = /^\/(?:[a-z0-9-]+\/)*[a-z0-9-]+(?:\.[a-z0-9]+)+$/;

export interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
}

/** Where a URL path is on disk, or undefined when it is none of the page's files. */
export function staticPath(urlPath: string): string | undefined {
  if (urlPath === '/' || urlPath === '/index.html') return join(SOURCE, 'index.html');
  if (urlPath === '/inspector.css') return join(SOURCE, 'inspector.css');
  if (PAGE_IMPORTS.has(urlPath)) return join(PROJECT_ROOT, 'dist', urlPath);
  if (!urlPath.startsWith('/page/') || !SAFE_PATH.test(urlPath) || urlPath.includes('..')) return undefined;
  const extension = urlPath.slice(urlPath.lastIndexOf('.'));
  if (extension !== '.js' && extension !== '.map') return undefined;
  return join(COMPILED, urlPath.slice('/page/'.length));
}

export async function readStaticFile(urlPath: string): Promise<StaticFile | undefined> {
  const path = staticPath(urlPath);
  if (path === undefined) return undefined;
  try {
    return { type: TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream', body: await readFile(path) };
  } catch {
    return undefined;
  }
}
