/**
 * The EVSE side of the veth test, run inside its own network namespace: the EVSE host and the software modem
 * SIMULATOR in one process; the EV host in the other namespace is plugged into the simulated bundle through raw
 * Ethernet on the interface given as argument. Prints `ready`, then one JSON line with the outcome, and exits.
 */
import { runSlacEvse } from '../../../actors/slac/evse.js';
import { systemClock } from '../../../actors/runtime/clock.js';
import { SimulatedPlcBundle } from '../../../adapters/simulators/plc-modem.js';
import { formatMac, generateNmk, parseMac } from '../../../codecs/slac/index.js';

const [iface, evMac, evseMac, limitMs = '10000'] = process.argv.slice(2);
const { openAfPacketPort } = await import('../../../transport/ethernet/af-packet.js');
const port = await openAfPacketPort(iface);
const bundle = new SimulatedPlcBundle({ clock: systemClock });
bundle.attachRemote(port, { mac: parseMac(evMac), role: 'ev' });
const mac = parseMac(evseMac);
const host = bundle.attach({ mac, role: 'evse', attenuation: 18 });
const run = runSlacEvse({ port: host.port, link$: host.link$, log: (line) => console.error(line), input: { mac, nmk: generateNmk() } });
const limit = setTimeout(() => run.stop(), Number(limitMs));
console.log('ready');
const result = await run.result;
clearTimeout(limit);
run.stop();
bundle.close();
port.close();
const summary = result.result === 'matched'
  ? { result: 'matched', evMac: formatMac(result.evMac), nmk: Buffer.from(result.nmk).toString('hex') }
  : result;
console.log(JSON.stringify(summary));
