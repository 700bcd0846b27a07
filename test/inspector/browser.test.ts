/**
 * The inspector in a real browser (Debian's chromium, headless, driven by playwright-core), as a user meets it:
 * `kopher-v2g demo --inspect` runs a whole DIN 70121 session in its own process while the page watches; the EVCC's
 * session machine reaches SessionStop (or, on a host too busy for the standard's 0.25 s CurrentDemand answer, Failed),
 * the log holds the whole message sequence, a click on a state travels to it, scrubbing back changes the highlighted
 * state. Saves a screenshot to dist/test-output/inspector.png, or where KOPHER_INSPECTOR_PNG says: `npm run
 * docs:inspector-png` refreshes the README's docs/inspector.png that way, on purpose (a test run never rewrites a
 * tracked file). Skipped with a notice where chromium or playwright-core is missing or cannot start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchHeadlessChromium, type HeadlessBrowser } from '../../bench/headless-chromium.js';
import { projectRoot } from '../shared/shared-dir.js';

/** Bounds a hang, never times the page: a loaded host may take long to start chromium or the demo. */
const WAIT = { timeout: 60_000 };
const SCREENSHOT = resolve(process.env.KOPHER_INSPECTOR_PNG ?? join(projectRoot, 'dist', 'test-output', 'inspector.png'));

type Page = Awaited<ReturnType<HeadlessBrowser['newPage']>>;

/** The browser, or why there is none (the test then skips with a notice). */
async function launch(): Promise<HeadlessBrowser | string> {
  try {
    return await launchHeadlessChromium(30_000);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The log's rows, scrolled through (it only builds the rows in view): message name per event index. */
async function logMessages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const log = document.getElementById('log')!;
    const seen = new Map<number, string>();
    log.scrollTop = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      for (const row of log.querySelectorAll<HTMLElement>('.log-row')) {
        const name = row.querySelector('.log-message')?.textContent;
        if (name) seen.set(Number(row.dataset.index), name);
      }
      if (log.scrollTop + log.clientHeight >= log.scrollHeight) break;
      log.scrollTop += log.clientHeight;
    }
    return [...seen].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
  });
}

interface DemoProcess {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  /** The demo's --json report, printed when the session has ended. */
  readonly report: Promise<{ result: string; reason?: string; messages: { name: string }[] }>;
}

/** `demo --inspect --json`: the URL comes on stderr as soon as the server listens, the report on stdout at the end. */
function startDemo(): DemoProcess {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'bin', 'kopher-v2g.js'), 'demo', '--speed', '100', '--inspect', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /inspector: (http:\/\/\S+)/.exec(stderr);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo exited (${code}) before serving: ${stderr}`)));
  });
  const report = new Promise<DemoProcess['report'] extends Promise<infer R> ? R : never>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.endsWith('\n')) resolve(JSON.parse(stdout));
    });
    child.once('exit', (code) => reject(new Error(`demo exited (${code}) without a report: ${stderr}`)));
  });
  return { child, url, report };
}

/** Ends the demo (it keeps serving the page until interrupted) and waits for it to exit. */
async function stopDemo(demo: DemoProcess): Promise<void> {
  if (demo.child.exitCode !== null) return;
  const exited = new Promise((resolve) => demo.child.once('exit', resolve));
  demo.child.kill('SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  demo.child.kill('SIGKILL');
}

const activeLeaf = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.querySelector<SVGGElement>('#chart g.active-leaf')?.dataset.state ?? null);

test('a live DIN session in the browser: SessionStop, the whole sequence in the log, click a state, travel back', async () => {
  const browser = await launch();
  if (typeof browser === 'string') {
    console.log(`NOTICE: browser test skipped: ${browser}`);
    return;
  }
  const demo = startDemo();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(WAIT.timeout);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(await demo.url);
    const result = await demo.report;
    // DIN 70121 gives a CurrentDemandReq's answer 0.25 s (V2G_EVCC_Msg_Timeout); a host whose cores are taken by others
    // can hold the demo's one thread (EVCC and SECC) longer than that, and the EVCC then ends the session as the
    // standard says. The page must show either end as it happened.
    const starved = result.result === 'failed' && result.reason === 'V2G_EVCC_Msg_Timeout on CurrentDemandReq';
    if (starved) console.log('NOTICE: the demo session ended by V2G_EVCC_Msg_Timeout on CurrentDemandReq (a busy host); the page is checked against that');
    else assert.is(result.result, 'stopped', `the demo session: ${result.result} ${result.reason ?? ''}`);
    const [end, visited] = starved ? ['din-evcc.Failed', 'din-evcc.PowerDeliveryStart'] : ['din-evcc.Stopped', 'din-evcc.SessionStop'];

    await page.click('[data-actor="evcc/din-evcc"]');
    await page.waitForSelector(`#chart g[data-state="${end}"].active-leaf`, WAIT);
    await page.click(`#chart g[data-state="${visited}"] > text`);
    await page.waitForSelector(`#chart g[data-state="${visited}"].active-leaf`, WAIT);
    assert.match(await page.textContent('#state-details .state-id') ?? '', visited);
    // The exits every request state shares are one legend row of the same drawing, its hover text naming the states.
    const legend = await page.$$eval('#chart g.legend > title', (titles) => titles.map((t) => t.textContent ?? ''));
    assert.ok(legend.some((hint) => /states: SessionSetup, ServiceDiscovery, /.test(hint) && hint.includes('after V2G_EVCC_Msg_Timeout')), legend.join(' | '));

    // The EVCC's side of the connection: its handshake and session machines, and its channel.
    await page.fill('#filter', 'evcc/');
    await page.check('#messages-only');
    const logged = await logMessages(page);
    assert.equal(logged, result.messages.map((m) => m.name), 'the EVCC machines sent and received exactly what went over the wire');
    assert.is(logged[0], 'supportedAppProtocolReq');
    assert.is(logged.at(-1), starved ? 'CurrentDemandReq' : 'SessionStopRes');

    const cursor = Number(await page.getAttribute('body', 'data-cursor'));
    await page.fill('#scrubber', String(Math.round(cursor * 0.6)));
    await page.waitForFunction((before) => document.querySelector<SVGGElement>('#chart g.active-leaf')?.dataset.state !== before, visited, WAIT);
    const back = await activeLeaf(page);
    assert.ok(back !== null && back !== visited, `after scrubbing back: ${back}`);
    assert.is(await page.isChecked('#live'), false);

    await page.fill('#filter', '');
    await page.uncheck('#messages-only');
    await page.click('#chart g.active-leaf > text');
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    assert.equal(pageErrors, []);
  } finally {
    await browser.close();
    await stopDemo(demo);
  }
});

test.run();
