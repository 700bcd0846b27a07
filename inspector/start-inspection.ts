/**
 * What `--inspect [PORT]` and `--record FILE` of `demo`, `evcc` and `secc` do: one inspector for the whole stack
 * (live/stack-inspector.ts), served to browsers (server.ts) and/or written to a file (recording.ts). The command passes
 * `inspect` to the stack and calls `close` when it is done.
 */
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../base/clock.js';
import { createStackInspector } from './live/stack-inspector.js';
import { recordEvents } from './recording.js';
import { startInspectorServer } from './server.js';

export interface InspectionOptions {
  /**
   * Serve the inspector page (`--inspect [PORT]`); port 0 or absent: a free port. `allowOrigins`: other sites' pages
   * that may read the stream (server.ts); `maxViewers`: how many may watch at once.
   */
  readonly serve?: { readonly port?: number; readonly host?: string; readonly allowOrigins?: readonly string[]; readonly maxViewers?: number };
  /** Record the stream (`--record FILE`, recording.ts). */
  readonly record?: string;
  /** Stamps the events; default the system clock. */
  readonly clock?: Clock;
}

export interface Inspection {
  /** Pass to the stack (`inspect` of runEvcc, startSeccStation, discoverSecc). */
  readonly inspect: (event: InspectionEvent) => void;
  /** The page's address when serving. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export async function startInspection(options: InspectionOptions): Promise<Inspection> {
  const inspector = createStackInspector({ clock: options.clock });
  if (options.serve !== undefined) {
    const { maxViewers, ...serve } = options.serve;
    const server = await startInspectorServer({ ...serve, viewers: { maxViewers }, events$: inspector.events$, record: options.record });
    return { inspect: inspector.inspect, url: server.url, close: () => server.close() };
  }
  const file = options.record;
  const recorder = file === undefined ? undefined : recordEvents(inspector.events$, file, (error) => process.stderr.write(`inspector: recording to ${file} failed: ${error.message}\n`));
  return { inspect: inspector.inspect, url: undefined, close: async () => recorder?.close() };
}
