/**
 * `kopher-v2g can decode FILE.log --dbc FILE`: a candump -L log (can-utils) as JSON lines, each frame with the
 * physical values of its message's signals by the DBC (multiplexed signals of the frame's page only). A frame the
 * DBC does not know prints its identifier and data; a line that is not a frame, or a frame shorter than its message,
 * prints an `error` line and the log goes on.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseCandumpLine } from '../codecs/can/candump.js';
import { formatCanId } from '../codecs/can/can-frame.js';
import { decodeMessage } from '../codecs/can/can-message.js';
import { frameKey } from '../adapters/can/network-values.js';
import { oneLineMessage } from './errors.js';
import { writeErr, writeOut } from './io.js';
import { loadDbc } from './vehicle-network.js';

export const usage = `Usage: kopher-v2g can decode FILE.log --dbc FILE

Prints one JSON object per frame of a candump -L log (candump -L can0 > FILE.log):
  {"t": <seconds>, "iface": "can0", "id": "3A0", "name": "BMS_State", "signals": {"BMS_SoC": 41.5, ...}}
{"t": ..., "id": ..., "data": "<hex>"} for a frame the DBC does not know, {"line": N, "error": "..."} for one that
does not decode.
  --dbc FILE   the signal matrix
`;

export async function run(args: readonly string[]): Promise<number> {
  let values: { dbc?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...args], options: { dbc: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true }));
  } catch (e) {
    writeErr(`kopher-v2g can: ${oneLineMessage(e)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    await writeOut(usage);
    return 0;
  }
  if (positionals[0] !== 'decode' || positionals.length !== 2 || !values.dbc) {
    writeErr(`kopher-v2g can: ${positionals[0] !== 'decode' ? 'the subcommand is decode' : !values.dbc ? '--dbc FILE is needed' : 'one log file expected'}\n${usage}`);
    return 2;
  }
  try {
    const dbc = await loadDbc(values.dbc);
    const messages = new Map(dbc.messages.map((m) => [frameKey(m), m]));
    const lines = (await readFile(positionals[1]!, 'utf8')).split('\n');
    let failures = 0;
    for (let n = 0; n < lines.length; n++) {
      let out: object | undefined;
      try {
        const logged = parseCandumpLine(lines[n]!, n + 1);
        if (logged === undefined) continue;
        const { frame } = logged;
        const message = messages.get(frameKey(frame));
        const head = { t: logged.time, iface: logged.iface, id: formatCanId(frame), ...(frame.fd ? { fd: true } : {}) };
        out = message === undefined || frame.rtr
          ? { ...head, ...(frame.rtr ? { rtr: true } : {}), data: Buffer.from(frame.data).toString('hex').toUpperCase() }
          : { ...head, name: message.name, signals: decodeMessage(message, frame.data) };
      } catch (e) {
        failures++;
        out = { line: n + 1, error: oneLineMessage(e) };
      }
      await writeOut(`${JSON.stringify(out)}\n`);
    }
    return failures > 0 ? 1 : 0;
  } catch (e) {
    writeErr(`kopher-v2g can: ${oneLineMessage(e)}\n`);
    return 1;
  }
}
