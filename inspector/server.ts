/**
 * The browser inspector's server: node:http on loopback serving the page (server/static-files.ts), each machine's
 * statechart (server/charts.ts, drawn off this thread by server/chart-thread.ts), and a WebSocket on any path that
 * streams the inspection events, one Stately-format event per text message, as @statelyai/inspect's WebSocket adapter
 * sends them.
 *
 * Watching must never hurt what is watched: the sessions' side only appends each event to the journal
 * (server/journal.ts, bounded: the newest events whole, older ones compacted to each actor's latest snapshot); the
 * encoding and the sending happen on the server's own turn, a little later (FLUSH_MS), to at most `viewers.maxViewers`
 * viewers, each only as fast as it reads (server/viewers.ts). A viewer that joins late gets the compacted history,
 * then the live stream.
 *
 * A viewer that opens the WebSocket with `?batch` (our page) gets the events as JSON arrays instead, one per turn of
 * the server: a station with many sessions sends thousands of events a second, and a browser dispatching each as
 * its own message falls behind where one message per batch keeps up (docs/PERFORMANCE.md). It is also told how far
 * behind live it starts and when it is live (page/model/stream-control.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Observable, Subscription } from 'rxjs';
import type { StatelyInspectionEvent } from '../actors/runtime/stately-events.js';
import { recordEvents, type Recorder } from './recording.js';
import { chartThread } from './server/chart-thread.js';
import { Journal, type JournalLimits } from './server/journal.js';
import { readStaticFile } from './server/static-files.js';
import { Viewers, type ViewerLimits, type ViewerStats } from './server/viewers.js';
import { acceptWebSocket, handshakeProblem } from './server/websocket.js';

export interface InspectorServerOptions {
  /** Default 0: the system picks a free port (the URL says which). */
  readonly port?: number;
  /** Default loopback: the stream shows everything a session says, so it is not offered to the network unless asked. */
  readonly host?: string;
  readonly events$: Observable<StatelyInspectionEvent>;
  /** Also write the stream to this file (recording.ts). */
  readonly record?: string;
  /**
   * Pages from other origins allowed to open the WebSocket, besides the inspector's own page and clients that send no
   * Origin (Node, Stately's VS Code extension). Default none: Stately's hosted inspector (`https://stately.ai`) only
   * when asked for (`--inspect-allow-origin https://stately.ai`), since any page of that site could then read the
   * sessions.
   */
  readonly allowOrigins?: readonly string[];
  /** How much history is kept for viewers that join late. */
  readonly history?: JournalLimits;
  /** How many viewers, and how much each may hold back. */
  readonly viewers?: ViewerLimits;
}

export interface InspectorServer {
  /** The page's address, e.g. `http://127.0.0.1:39123/`. */
  readonly url: string;
  /** How many events the stream has carried so far. */
  readonly eventCount: () => number;
  /** The viewers now and since the start. */
  readonly stats: () => ViewerStats;
  close(): Promise<void>;
}

/**
 * The server's turn comes this long after the first event since its last: the sessions' bursts go out as one batch,
 * and a page cannot draw faster than its screen anyway.
 */
const FLUSH_MS = 20;
const CHART_PATH = /^\/charts\/([A-Za-z0-9_.:-]+)\.json$/;

export async function startInspectorServer(options: InspectorServerOptions): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  const allowed = new Set(options.allowOrigins ?? []);
  const journal = new Journal(options.history);
  const viewers = new Viewers(journal, options.viewers);
  const charts = chartThread();
  const definitions: string[] = [];
  let scheduled = false;

  const learnDefinitions = (): void => {
    for (const definition of definitions.splice(0)) charts.learn(definition);
  };
  const flush = (): void => {
    scheduled = false;
    journal.encode();
    learnDefinitions();
    viewers.flush(performance.now());
  };

  // The sessions' path: O(1) per event, nothing encoded or sent here.
  const subscription: Subscription = options.events$.subscribe((event) => {
    journal.append(event);
    if (event.type === '@xstate.actor' && event.definition !== undefined) definitions.push(event.definition);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, FLUSH_MS);
    }
  });
  let recorder: Recorder | undefined;
  if (options.record !== undefined) {
    recorder = recordEvents(options.events$, options.record, (error) => process.stderr.write(`inspector: recording to ${options.record} failed: ${error.message}\n`));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });

  // A page on another site must not read the stream, even one whose name it made resolve to us (DNS rebinding).
  let hosts = new Set<string>();
  const knownHost = (request: IncomingMessage): boolean => hosts.has((request.headers.host ?? '').toLowerCase());

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!knownHost(request)) return send(response, 421, 'text/plain; charset=utf-8', 'unknown Host');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    const chartId = CHART_PATH.exec(path)?.[1];
    if (chartId !== undefined) {
      learnDefinitions();
      const json = await charts.chartJson(decodeURIComponent(chartId));
      if (json === undefined) return send(response, 404, 'text/plain; charset=utf-8', `no statechart for machine ${chartId}`);
      return send(response, 200, 'application/json; charset=utf-8', json);
    }
    const file = await readStaticFile(path);
    if (file === undefined) return send(response, 404, 'text/plain; charset=utf-8', `${path} is not part of the inspector`);
    return send(response, 200, file.type, file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    const sameOrigin = (origin: string, hostHeader: string): boolean => allowed.has(origin) || origin === `http://${hostHeader}`;
    const problem = knownHost(request) ? handshakeProblem(request, sameOrigin) : 'unknown Host';
    if (problem !== undefined) {
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${problem}\n`);
      return;
    }
    const batch = new URL(request.url ?? '/', 'http://localhost').searchParams.has('batch');
    // Whatever arrived since the last turn goes into the journal first, so the new viewer starts from all of it.
    flush();
    viewers.admit(acceptWebSocket(request, socket), batch);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  hosts = new Set([urlHost, host, 'localhost', '127.0.0.1', '[::1]'].map((name) => `${name.toLowerCase()}:${address.port}`));

  return {
    url: `http://${urlHost}:${address.port}/`,
    eventCount: () => journal.count,
    stats: () => viewers.stats(),
    async close() {
      subscription.unsubscribe();
      flush();
      viewers.closeAll(1001, 'inspector closing');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await recorder?.close();
      await charts.close();
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
