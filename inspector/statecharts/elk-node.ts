/**
 * elkjs for Node: its bundled build runs the layout in-process (no worker thread), so a layout is an ordinary promise
 * and the same input always gives the same output. Loaded through `require` because it is CommonJS, and so that its
 * typings stay out of the build (see elk-graph.ts).
 */
import { createRequire } from 'node:module';
import type { ElkEngine } from './elk-graph.js';

const require = createRequire(import.meta.url);

export function createElk(): ElkEngine {
  const ELK = require('elkjs/lib/elk.bundled.js') as new () => ElkEngine;
  return new ELK();
}
