/**
 * The EVSE side of the veth test and of `bench:slac`, run inside its own network namespace: the EVSE host and the
 * software modem SIMULATOR in one process; the EV host in the other namespace is plugged into the simulated bundle
 * through raw Ethernet on the interface given as argument. Prints `ready`, then one JSON line with the outcome and
 * the CPU this process (host and modem) spent from the EV's CM_SLAC_PARAM.REQ to matched, and exits.
 *
 * Usage: evse-host.js IF EV_MAC EVSE_MAC [LIMIT_MS] [TIMING_JSON].
 */
import { startEvseSlac } from '../../../actors/stack/slac-link.js';
import { systemClock } from '../../../base/clock.js';
import { SimulatedPlcBundle } from '../../../adapters/simulators/plc-modem.js';
import { formatMac, parseMac } from '../../../codecs/slac/index.js';

const [iface, evMac, evseMac, limitMs = '10000', timing = '{}'] = process.argv.slice(2);
const { openAfPacketPort } = await import('../../../transport/ethernet/af-packet.js');
const port = await openAfPacketPort(iface);
const bundle = new SimulatedPlcBundle({ clock: systemClock });
bundle.attachRemote(port, { mac: parseMac(evMac), role: 'ev' });
const host = bundle.attach({ mac: parseMac(evseMac), role: 'evse', attenuation: 18 });
const run = startEvseSlac({ port: host.port, link$: host.link$, timing: JSON.parse(timing), log: (line) => console.error(line) });
// Waiting for the EV costs this process next to nothing; what matching costs starts with the EV's first request.
let cpu: NodeJS.CpuUsage | undefined;
const watch = run.actor.subscribe((snapshot) => {
  if (snapshot.value !== 'waitingForSlacParam') cpu ??= process.cpuUsage();
});
const limit = setTimeout(() => run.stop(), Number(limitMs));
console.log('ready');
const result = await run.result;
const spent = process.cpuUsage(cpu);
watch.unsubscribe();
clearTimeout(limit);
run.stop();
bundle.close();
port.close();
const cpuMs = (spent.user + spent.system) / 1000;
const summary = result.result === 'matched'
  ? { result: 'matched', evMac: formatMac(result.evMac), nmk: Buffer.from(result.nmk).toString('hex'), cpuMs }
  : result;
console.log(JSON.stringify(summary));
