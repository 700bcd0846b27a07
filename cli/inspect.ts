/**
 * `kopher-v2g inspect FILE`: opens a session recorded with `--record FILE` in the browser inspector, the same page
 * a live run shows, for debugging after the fact. Serves until interrupted (Ctrl-C).
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { from } from 'rxjs';
import { RecordingError, readRecording } from '../inspector/recording.js';
import { startInspectorServer } from '../inspector/server.js';
import { oneLineMessage, usageFailure } from './errors.js';
import { parseOrigin } from './inspection-options.js';
import { writeErr, writeOut } from './io.js';

export const usage = `Usage: kopher-v2g inspect FILE [options]

Opens a recorded inspection stream (written by --record FILE) in the browser inspector and serves it until Ctrl-C.
  --port PORT   HTTP and WebSocket port (default: a free one; the URL is printed)
  --host HOST   address to listen on (default 127.0.0.1)
  --allow-origin ORIGIN
                also let pages of ORIGIN read the stream, e.g. https://stately.ai (repeatable; default: none but the
                inspector's own page and non-browser clients)

The whole recording is kept for the page to travel through (a live run keeps only its recent events whole).
Recordings of version 1 (plain JSON lines, before this build) are read too.
`;

export async function run(args: readonly string[]): Promise<number> {
  let file: string;
  let port: number;
  let host: string | undefined;
  let allowOrigins: string[];
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      await writeOut(usage);
      return 0;
    }
    if (positionals.length !== 1) throw new RangeError('give exactly one recorded FILE');
    file = positionals[0]!;
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port ${values.port}: 0 to 65535`);
    host = values.host;
    allowOrigins = (values['allow-origin'] ?? []).map((origin) => parseOrigin(origin, '--allow-origin'));
  } catch (e) {
    return usageFailure('inspect', usage, e);
  }
  try {
    const events = await readRecording(file);
    const whole = { events: Math.max(1, events.length), chars: Number.POSITIVE_INFINITY, actors: Number.POSITIVE_INFINITY };
    const server = await startInspectorServer({ port, host, allowOrigins, history: whole, events$: from(events) });
    await writeOut(`inspector: ${server.url} (${events.length} events from ${file}; Ctrl-C to stop)\n`);
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    await server.close();
    return 0;
  } catch (e) {
    writeErr(`kopher-v2g inspect: ${e instanceof RecordingError ? e.message : oneLineMessage(e)}\n`);
    return 1;
  }
}
