/**
 * The EV host of the veth test, run inside its own network namespace: SLAC over raw Ethernet on the interface given
 * as argument, against whatever answers on the link. Prints one JSON line with the outcome and exits.
 */
import { randomBytes } from 'node:crypto';
import { runSlacEv } from '../../../actors/slac/ev.js';
import { formatMac } from '../../../codecs/slac/index.js';

const [iface, limitMs = '10000'] = process.argv.slice(2);
const { openAfPacketPort } = await import('../../../transport/ethernet/af-packet.js');
const port = await openAfPacketPort(iface);
const started = performance.now();
// The software modem on the far side has no link-status message; its CM_SET_KEY.CNF stands for the link.
const run = runSlacEv({ port, log: (line) => console.error(line), input: { mac: port.mac, runId: randomBytes(8), linkDetection: false } });
const limit = setTimeout(() => run.stop(), Number(limitMs));
const result = await run.result;
const ms = performance.now() - started;
clearTimeout(limit);
run.stop();
port.close();
const summary = result.result === 'matched'
  ? { result: 'matched', evseMac: formatMac(result.evseMac), nmk: Buffer.from(result.nmk).toString('hex'), ms }
  : result;
console.log(JSON.stringify(summary));
