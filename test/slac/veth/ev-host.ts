/**
 * The EV host of the veth test and of `bench:slac`, run inside its own network namespace: SLAC over raw Ethernet on
 * the interface given as argument, against whatever answers on the link. Prints one JSON line with the outcome, the
 * time from CM_SLAC_PARAM.REQ to matched and the CPU this process spent on it, and exits.
 *
 * Usage: ev-host.js IF [LIMIT_MS] [TIMING_JSON], TIMING_JSON overriding the standard's SLAC timers.
 */
import { formatMac } from '../../../codecs/slac/index.js';
import { openSlacInterface, startEvSlac } from '../../../actors/stack/slac-link.js';

const [iface, limitMs = '10000', timing = '{}'] = process.argv.slice(2);
const port = await openSlacInterface(iface);
const cpu = process.cpuUsage();
const started = performance.now();
// The software modem on the far side has no link-status message; its CM_SET_KEY.CNF stands for the link.
const run = startEvSlac({ port, timing: JSON.parse(timing), log: (line) => console.error(line) });
const limit = setTimeout(() => run.stop(), Number(limitMs));
const result = await run.result;
const ms = performance.now() - started;
const spent = process.cpuUsage(cpu);
clearTimeout(limit);
run.stop();
port.close();
const cpuMs = (spent.user + spent.system) / 1000;
const summary = result.result === 'matched'
  ? { result: 'matched', evseMac: formatMac(result.evseMac), nmk: Buffer.from(result.nmk).toString('hex'), ms, cpuMs }
  : result;
console.log(JSON.stringify(summary));
