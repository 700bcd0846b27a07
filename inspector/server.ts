/**
 * The browser inspector's server: node:http on loopback serving the page (server/static-files.ts), each machine's
 * statechart (server/charts.ts), and a WebSocket on any path that streams the inspection events, one Stately-format
 * event per text message, as @statelyai/inspect's WebSocket adapter sends them. Every event is kept, and a viewer who
 * joins late first receives them all, so it can travel back to the start of the run.
 *
 * A viewer that opens the WebSocket with `?batch` (our page) gets the events as JSON arrays instead, one per turn of
 * the event loop: a station with many sessions sends thousands of events a second, and a browser dispatching each as
 * its own message falls behind where one message per batch keeps up (docs/PERFORMANCE.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Observable, Subscription } from 'rxjs';
import type { StatelyInspectionEvent } from '../actors/runtime/stately-events.js';
import { recordEvents, type Recorder } from './recording.js';
import { chartSource } from './server/charts.js';
import { readStaticFile } from './server/static-files.js';
import { acceptWebSocket, handshakeProblem, type WebSocketConnection } from './server/websocket.js';

export interface InspectorServerOptions {
  /** Default 0: the system picks a free port (the URL says which). */
  readonly port?: number;
  /** Default loopback: the stream shows everything a session says, so it is not offered to the network unless asked. */
  readonly host?: string;
  readonly events$: Observable<StatelyInspectionEvent>;
  /** Also write the stream to this file as JSON lines (recording.ts). */
  readonly record?: string;
  /**
   * Pages from other origins allowed to open the WebSocket, besides the inspector's own page and clients that send no
   * Origin (Node, Stately's VS Code extension). Default: Stately's hosted inspector.
   */
  readonly allowOrigins?: readonly string[];
}

export interface InspectorServer {
  /** The page's address, e.g. `http://127.0.0.1:39123/`. */
  readonly url: string;
  /** How many events the stream has carried so far. */
  readonly eventCount: () => number;
  close(): Promise<void>;
}

const DEFAULT_ALLOWED_ORIGINS = ['https://stately.ai'];
/** Events per message when replaying history to a batching viewer: big enough to be cheap, small enough to stream. */
const REPLAY_BATCH = 2_000;

interface Viewer {
  readonly connection: WebSocketConnection;
  /** Events waiting for the next flush; undefined for a viewer that takes one event per message. */
  readonly queue: string[] | undefined;
}
const CHART_PATH = /^\/charts\/([A-Za-z0-9_.:-]+)\.json$/;

export async function startInspectorServer(options: InspectorServerOptions): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  const allowed = new Set(options.allowOrigins ?? DEFAULT_ALLOWED_ORIGINS);
  const history: string[] = [];
  const viewers = new Set<Viewer>();
  const charts = chartSource();
  let flushing = false;

  const flush = (): void => {
    flushing = false;
    for (const { connection, queue } of viewers) {
      if (queue !== undefined && queue.length > 0) connection.sendText(`[${queue.splice(0).join(',')}]`);
    }
  };

  const subscription: Subscription = options.events$.subscribe((event) => {
    if (event.type === '@xstate.actor' && event.definition !== undefined) charts.learn(event.definition);
    const text = JSON.stringify(event);
    history.push(text);
    for (const { connection, queue } of viewers) {
      if (queue === undefined) connection.sendText(text);
      else queue.push(text);
    }
    if (!flushing && viewers.size > 0) {
      flushing = true;
      setImmediate(flush);
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
      const drawn = await charts.chart(decodeURIComponent(chartId));
      if (drawn === undefined) return send(response, 404, 'text/plain; charset=utf-8', `no statechart for machine ${chartId}`);
      return send(response, 200, 'application/json; charset=utf-8', JSON.stringify(drawn));
    }
    if (path === '/events.jsonl') return send(response, 200, 'application/x-ndjson', history.map((line) => `${line}\n`).join(''));
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
    const connection = acceptWebSocket(request, socket);
    const batch = new URL(request.url ?? '/', 'http://localhost').searchParams.has('batch');
    // Replay and join in one synchronous step, so no event falls between the history and the live stream.
    if (batch) {
      for (let i = 0; i < history.length; i += REPLAY_BATCH) connection.sendText(`[${history.slice(i, i + REPLAY_BATCH).join(',')}]`);
    } else {
      for (const text of history) connection.sendText(text);
    }
    const viewer: Viewer = { connection, queue: batch ? [] : undefined };
    viewers.add(viewer);
    connection.onClose(() => viewers.delete(viewer));
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
    eventCount: () => history.length,
    async close() {
      subscription.unsubscribe();
      flush();
      for (const { connection } of viewers) connection.close(1001, 'inspector closing');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await recorder?.close();
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
