/**
 * Locates `../shared` (the standards' schemas, reference vectors and captures beside the project). Tests that need
 * it print a visible notice and are counted as skipped where it is absent, instead of failing or passing unchecked.
 * `KOPHER_SHARED_DIR` points elsewhere (a path that does not exist runs the suite as a fresh machine does).
 */
import { existsSync } from 'node:fs';
import type { Test } from 'uvu';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const SHARED_DIR = process.env.KOPHER_SHARED_DIR ?? join(projectRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string | undefined {
  const p = join(SHARED_DIR, ...parts);
  if (existsSync(p)) return p;
  console.log(`NOTICE: ${p} is absent; the tests that read it are skipped.`);
  return undefined;
}

/**
 * Registers the test `name`, which reads `../shared/<parts>`: it runs with that path where present, and where absent
 * it is registered as skipped (uvu counts it under Skipped) with a notice.
 */
export function sharedOrSkip(test: Test, name: string, parts: readonly string[], fn: (path: string) => unknown): void {
  testWith(test, name, sharedPath(...parts), fn);
}

/** Registers `name` to run with `value` (read from `../shared`), or as skipped where it could not be had. */
export function testWith<T>(test: Test, name: string, value: T | undefined, fn: (value: T) => unknown): void {
  if (value === undefined) test.skip(name);
  else test(name, async () => void (await fn(value)));
}

export { projectRoot };
