/**
 * `npm run bench:inspector`: does the browser inspector keep up with a busy station? An SECC serves N EVs at once
 * (default 100, DIN 70121 DC, real-time physics, each EV charging 79 → 80 %; the simulated EVs share the host, so
 * they wait 5 s for every response, a deployment override, and arrive 50 ms apart), its inspection stream goes to the
 * inspector server, and headless chromium shows the page live throughout. Reports the stream's rate, how many events
 * the page received (dropped = sent − received, must be 0), its frames and their cost, and how long after the last
 * event the page had caught up.
 *
 * The session side's cost of the inspection: the time spent inside the inspection hook XState calls on every step of
 * every actor (converting the step to Stately's format and whatever the server does with it before returning), per
 * event of the stream. With `--viewers N`, N more WebSocket viewers (one event per message, as Stately's inspector
 * reads; every fourth never reads) join before the sessions start, as a crowd of browsers would.
 *
 * Options: --sessions N, --speed X (physics speed; default 1, as a real station), --viewers N (default 0),
 * --json (one line of figures).
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { createStackInspector } from '../inspector/live/stack-inspector.js';
import { startInspectorServer } from '../inspector/server.js';
import { startDemoStack } from './demo-stack.js';
import { launchHeadlessChromium } from './headless-chromium.js';


interface PageFigures {
  readonly events: number;
  readonly frames: number;
  readonly renderMs: number;
  readonly slowestFrameMs: number;
  readonly heapMiB: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** EVs arrive this far apart: a station's connectors do not all plug in within the same millisecond. */
const ARRIVAL_MS = 50;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { sessions: { type: 'string', default: '100' }, speed: { type: 'string', default: '1' }, viewers: { type: 'string', default: '0' }, json: { type: 'boolean', default: false } },
  });
  const sessions = Number(values.sessions);
  const speed = Number(values.speed);
  const viewerCount = Number(values.viewers);
  if (!(Number.isInteger(sessions) && sessions > 0) || !(speed > 0) || !(Number.isInteger(viewerCount) && viewerCount >= 0)) {
    throw new RangeError('--sessions: a positive integer; --speed: a positive number; --viewers: a whole number');
  }

  const inspector = createStackInspector();
  const server = await startInspectorServer({ events$: inspector.events$ });
  const browser = await launchHeadlessChromium(30_000);
  let hookMs = 0;
  let streamed = 0;
  inspector.events$.subscribe(() => streamed++);
  const timedInspect: typeof inspector.inspect = (event) => {
    const started = performance.now();
    inspector.inspect(event);
    hookMs += performance.now() - started;
  };
  const viewers: Socket[] = [];
  const stack = await startDemoStack(timedInspect, { speed, scenario: { initialSoc: 79, targetSoc: 80 },
    evTiming: { V2G_EVCC_Msg_Timeout: { default: 5_000, CurrentDemand: 5_000 } },
  });
  let peakPerSecond = 0;
  let lastCount = 0;
  const sampler = setInterval(() => {
    peakPerSecond = Math.max(peakPerSecond, server.eventCount() - lastCount);
    lastCount = server.eventCount();
  }, 1000);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.stream === 'live', undefined, { timeout: 60_000 });
    // After the page, so that it is among the viewers served whatever the cap.
    for (let i = 0; i < viewerCount; i++) viewers.push(await rawViewer(server.url, i % 4 !== 3));

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: sessions }, (_, i) => delay(i * ARRIVAL_MS).then(() => stack.runEv())));
    const seconds = (performance.now() - started) / 1000;
    const lastEvent = performance.now();
    clearInterval(sampler);
    const sent = server.eventCount();
    await page.waitForFunction((n) => Number(document.body.dataset.events) >= n, sent, { timeout: 120_000, polling: 20 });
    const catchUpMs = performance.now() - lastEvent;
    const figures: PageFigures = await page.evaluate(() => {
      const d = document.body.dataset;
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      return { events: Number(d.events), frames: Number(d.frames), renderMs: Number(d.renderMs), slowestFrameMs: Number(d.slowestFrameMs), heapMiB: (memory?.usedJSHeapSize ?? 0) / 2 ** 20 };
    });
    const stopped = results.filter((r) => r.outcome.result === 'stopped').length;
    const failures = new Map<string, number>();
    for (const { outcome } of results) {
      if (outcome.result !== 'stopped') failures.set(outcome.reason ?? outcome.result, (failures.get(outcome.reason ?? outcome.result) ?? 0) + 1);
    }
    const out = {
      sessions,
      stopped,
      seconds: round(seconds),
      events: sent,
      eventsPerSecond: Math.round(sent / seconds),
      peakEventsPerSecond: peakPerSecond,
      received: figures.events,
      dropped: sent - figures.events,
      frames: figures.frames,
      framesPerSecond: round(figures.frames / seconds),
      meanFrameMs: round(figures.renderMs / Math.max(1, figures.frames)),
      slowestFrameMs: figures.slowestFrameMs,
      catchUpMs: Math.round(catchUpMs),
      viewers: viewerCount,
      viewersServed: server.stats().viewers,
      viewersRefused: server.stats().refused,
      viewersResynced: server.stats().resynced,
      sessionSideUsPerEvent: round((hookMs * 1000) / Math.max(1, streamed)),
      pageHeapMiB: Math.round(figures.heapMiB),
      failures: Object.fromEntries(failures),
    };
    if (values.json) console.log(JSON.stringify(out));
    else for (const [key, value] of Object.entries(out)) console.log(`${key.padEnd(20)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
    // The bench judges the inspector: every event reached the page. Sessions lost to an overloaded host are reported.
    return out.dropped === 0 ? 0 : 1;
  } finally {
    clearInterval(sampler);
    for (const viewer of viewers) viewer.destroy();
    await browser.close();
    await stack.close();
    await server.close();
  }
}

/** A WebSocket viewer on a bare socket: the upgrade, then frames read and thrown away, or never read at all. */
function rawViewer(url: string, reads: boolean): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
      socket.once('data', () => {
        if (reads) socket.on('data', () => undefined);
        else socket.pause();
        resolve(socket);
      });
    });
    socket.once('error', reject);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench:inspector: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
