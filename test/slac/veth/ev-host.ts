/**
 * The EV host of the veth test and of `bench:slac`, run inside its own network namespace: SLAC over raw Ethernet on
 * the interface given as argument, against whatever answers on the link. Prints one JSON line with the outcome, the
 * time from CM_SLAC_PARAM.REQ to matched and the CPU this process spent on the run (its start included), and exits.
 *
 * Usage: ev-host.js IF [LIMIT_MS] [TIMING_JSON], TIMING_JSON overriding the standard's SLAC timers.
 */
import { formatMac } from '../../../codecs/slac/index.js';
import { openSlacInterface, startEvSlac } from '../../../actors/stack/slac-link.js';
import type { FramePort } from '../../../transport/ethernet/frame-port.js';

const [iface, limitMs = '10000', timing = '{}'] = process.argv.slice(2);
const port = await openSlacInterface(iface);
const cpu = process.cpuUsage();
// The clock starts when CM_SLAC_PARAM.REQ, the run's first frame, goes out (after the actor's cold start).
let started: number | undefined;
const timed: FramePort = {
  ...port,
  send(frame) {
    started ??= performance.now();
    port.send(frame);
  },
};
// The software modem on the far side has no link-status message; its CM_SET_KEY.CNF stands for the link.
const run = startEvSlac({ port: timed, timing: JSON.parse(timing), log: (line) => console.error(line) });
const limit = setTimeout(() => run.stop(), Number(limitMs));
const result = await run.result;
const ms = performance.now() - (started ?? Number.NaN);
const spent = process.cpuUsage(cpu);
clearTimeout(limit);
run.stop();
port.close();
const cpuMs = (spent.user + spent.system) / 1000;
const summary = result.result === 'matched'
  ? { result: 'matched', evseMac: formatMac(result.evseMac), nmk: Buffer.from(result.nmk).toString('hex'), ms, cpuMs }
  : result;
console.log(JSON.stringify(summary));
