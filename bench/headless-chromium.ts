/**
 * Debian's chromium, headless, driven by playwright-core (both dev tools): the one browser the inspector's real-browser
 * test, its bench and the statechart picture launch. The background-networking flags keep chromium from calling hosts
 * that a closed network refuses, many at a time.
 */
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export type HeadlessBrowser = Awaited<ReturnType<(typeof import('playwright-core'))['chromium']['launch']>>;

/** Launches it, `timeoutMs` bounding the start; an Error saying what is missing where chromium or playwright-core is. */
export async function launchHeadlessChromium(timeoutMs: number): Promise<HeadlessBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent (apt-get install chromium)`);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core cannot be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return await playwright.chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: timeoutMs });
  } catch (e) {
    throw new Error(`chromium does not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
