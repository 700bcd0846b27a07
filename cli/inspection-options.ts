/**
 * `--inspect [PORT]` and `--record FILE`, shared by `demo`, `evcc` and `secc`: the browser inspector's server and the
 * recording of the inspection stream. Both off means no inspection hook at all, so nothing is computed.
 */
import type { InspectionEvent } from 'xstate';
import { DEFAULT_MAX_VIEWERS } from '../inspector/server/viewers.js';
import { startInspection, type Inspection } from '../inspector/start-inspection.js';
import { UsageError } from './errors.js';
import { writeErr } from './io.js';

export const INSPECTION_USAGE = `  --inspect [PORT]  serve the browser inspector on 127.0.0.1 (PORT default: chosen by the system; the URL is printed)
  --inspect-allow-origin ORIGIN
                    also let pages of ORIGIN open the inspector's stream, e.g. https://stately.ai for Stately's
                    hosted inspector (repeatable; default: only the inspector's own page and non-browser clients)
  --inspect-max-viewers N
                    viewers served at once; one more is turned away with a reason (default ${DEFAULT_MAX_VIEWERS})
  --record FILE     save the inspection stream (gzip-compressed JSON lines) for \`kopher-v2g inspect FILE\``;

export const INSPECTION_OPTIONS = {
  inspect: { type: 'string' },
  'inspect-allow-origin': { type: 'string', multiple: true },
  'inspect-max-viewers': { type: 'string' },
  record: { type: 'string' },
} as const;

/**
 * `--inspect` may stand alone: node's parseArgs needs a value for a string option, so a bare `--inspect` (followed by
 * another option or nothing) becomes `--inspect=0`, and `--inspect 8080` stays as it is.
 */
export function withInspectValue(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => (arg === '--inspect' && !/^\d+$/.test(args[i + 1] ?? '') ? ['--inspect=0'] : [arg]));
}

export interface InspectionChoice {
  readonly inspect?: string;
  readonly 'inspect-allow-origin'?: readonly string[];
  readonly 'inspect-max-viewers'?: string;
  readonly record?: string;
}

/** `https://stately.ai` as given, `https://stately.ai/` too; anything but a bare http(s) origin is refused. */
export function parseOrigin(text: string, option = '--inspect-allow-origin'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`${option} ${text}: not an origin such as https://stately.ai`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== text.replace(/\/$/, '')) {
    throw new RangeError(`${option} ${text}: an origin is a scheme, a host and maybe a port, such as https://stately.ai`);
  }
  return url.origin;
}

/** The inspector's port, if asked for; a UsageError where it is not a TCP port, to be found while parsing. */
export function inspectPortOf(choice: InspectionChoice): number | undefined {
  const port = choice.inspect === undefined ? undefined : Number(choice.inspect);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 0xffff)) throw new UsageError(`--inspect ${choice.inspect}: a TCP port`);
  return port;
}

/** Starts what was asked for; `hook` is undefined when neither option was given. */
export async function startInspectionFor(choice: InspectionChoice): Promise<{ hook?: (event: InspectionEvent) => void; inspection?: Inspection }> {
  const serverOptions = choice['inspect-allow-origin'] !== undefined || choice['inspect-max-viewers'] !== undefined;
  if (choice.inspect === undefined && serverOptions) throw new RangeError('--inspect-allow-origin and --inspect-max-viewers need --inspect');
  if (choice.inspect === undefined && choice.record === undefined) return {};
  const port = inspectPortOf(choice);
  const origins = (choice['inspect-allow-origin'] ?? []).map((origin) => parseOrigin(origin));
  const maxViewers = choice['inspect-max-viewers'] === undefined ? undefined : Number(choice['inspect-max-viewers']);
  if (maxViewers !== undefined && !(Number.isInteger(maxViewers) && maxViewers >= 1)) throw new RangeError(`--inspect-max-viewers ${choice['inspect-max-viewers']}: a whole number of at least 1`);
  const serve = port === undefined ? undefined : { port, allowOrigins: origins, maxViewers };
  const inspection = await startInspection({ serve, record: choice.record });
  if (inspection.url) writeErr(`inspector: ${inspection.url}\n`);
  return { hook: inspection.inspect, inspection };
}

/** With the inspector serving, the page stays useful after the run: keep serving until Ctrl-C. */
export async function serveUntilInterrupted(inspection: Inspection | undefined): Promise<void> {
  if (!inspection?.url) return;
  writeErr(`inspector: still serving ${inspection.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
