/**
 * `kopher-v2g decode FILE`: the message flow of a capture (pcap or pcapng) as JSON lines - SLAC frames, SDP and
 * every V2G message, decoded by this stack's own codecs. A packet that does not decode prints an `error` line and
 * the flow goes on, so one damaged segment does not hide the rest of a field capture.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { decodeCapture } from '../codecs/capture/index.js';
import { commandFailure, UsageError, usageFailure } from './errors.js';
import { writeOut } from './io.js';

export const usage = `Usage: kopher-v2g decode [--layer slac,sdp,v2g] [--strict] FILE

Prints one JSON object per message of the capture FILE (pcap or pcapng):
  {"t": <ms since the first packet>, "layer": "slac"|"sdp"|"v2g", "name": ..., "dir": "EV->EVSE"|"EVSE->EV", "message": {...}}
and {"t": ..., "layer": ..., "error": "..."} for content that does not decode.
  --layer L   only these layers (comma-separated)
  --strict    read V2G messages in EXI conformance mode (default: as the sessions read them, leniently, with what was
              tolerated in the message's "warnings")
`;

const LAYERS = ['slac', 'sdp', 'v2g', 'packet'] as const;

export async function run(args: readonly string[]): Promise<number> {
  let values: { layer?: string; strict?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...args], options: { layer: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true }));
  } catch (e) {
    return usageFailure('decode', usage, e);
  }
  if (values.help) {
    await writeOut(usage);
    return 0;
  }
  const wanted = new Set(values.layer ? values.layer.split(',') : LAYERS);
  const unknown = [...wanted].filter((l) => !(LAYERS as readonly string[]).includes(l));
  if (positionals.length !== 1 || unknown.length) {
    return usageFailure('decode', usage, new UsageError(unknown.length ? `unknown layer ${unknown.join(',')}` : 'one capture file expected'));
  }
  try {
    const file = await readFile(positionals[0]);
    for (const event of decodeCapture(new Uint8Array(file.buffer, file.byteOffset, file.byteLength), { strict: values.strict })) {
      if (wanted.has(event.layer) || ('error' in event && event.layer === 'packet')) await writeOut(`${JSON.stringify(event)}\n`);
    }
    return 0;
  } catch (e) {
    return commandFailure('decode', usage, e);
  }
}
