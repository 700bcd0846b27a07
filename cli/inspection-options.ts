/**
 * `--inspect [PORT]` and `--record FILE`, shared by `demo`, `evcc` and `secc`: the browser inspector's server and the
 * recording of the inspection stream. Both off means no inspection hook at all, so nothing is computed.
 */
import type { InspectionEvent } from 'xstate';
import { startInspection, type Inspection } from '../inspector/start-inspection.js';
import { UsageError } from './errors.js';
import { writeErr } from './io.js';

export const INSPECTION_USAGE = `  --inspect [PORT]  serve the browser inspector on 127.0.0.1 (PORT default: chosen by the system; the URL is printed)
  --record FILE     save the inspection stream (JSON lines) for \`kopher-v2g inspect FILE\``;

export const INSPECTION_OPTIONS = {
  inspect: { type: 'string' },
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
  readonly record?: string;
}

/** The inspector's port, if asked for; a UsageError where it is not a TCP port, to be found while parsing. */
export function inspectPortOf(choice: InspectionChoice): number | undefined {
  const port = choice.inspect === undefined ? undefined : Number(choice.inspect);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 0xffff)) throw new UsageError(`--inspect ${choice.inspect}: a TCP port`);
  return port;
}

/** Starts what was asked for; `hook` is undefined when neither option was given. */
export async function startInspectionFor(choice: InspectionChoice): Promise<{ hook?: (event: InspectionEvent) => void; inspection?: Inspection }> {
  if (choice.inspect === undefined && choice.record === undefined) return {};
  const port = inspectPortOf(choice);
  const inspection = await startInspection({ serve: port === undefined ? undefined : { port }, record: choice.record });
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
