/**
 * The software modem SIMULATOR as a box of its own between two namespaces: the two hosts' modems and the cable in one
 * process with two raw Ethernet ports, `LINE_IF` toward the EV host and `HOST_IF` toward the EVSE host. It answers
 * each host's CM_SET_KEY, carries SLAC across, reports the EV's sounds to the EVSE host, and bridges IPv6 between
 * the two only while both hold the same NMK. The ports take every EtherType (ETH_P_ALL), and the checksums the
 * hosts left to transmit offload are completed before a frame crosses (transport/ethernet/ipv6-checksum.ts); the
 * hosts' veths send one TCP segment per frame (NetnsLab), since the ports read at most one Ethernet frame's size.
 *
 * Usage: modem-host.js LINE_IF HOST_IF EV_MAC EVSE_MAC [ATTENUATION_DB]. Prints `ready`; on SIGTERM prints one JSON
 * line with the frames each port received by EtherType, and exits.
 */
import { systemClock } from '../../../base/clock.js';
import { SimulatedPlcBundle } from '../../../adapters/simulators/plc-modem.js';
import { parseMac } from '../../../codecs/slac/index.js';
import type { FramePort } from '../../../transport/ethernet/frame-port.js';
import { withCompletedChecksums } from '../../../transport/ethernet/ipv6-checksum.js';

const ETH_P_ALL = 0x0003;
const [lineIf, hostIf, evMac, evseMac, attenuation = '18'] = process.argv.slice(2);
const { openAfPacketPort } = await import('../../../transport/ethernet/af-packet.js');
const line = withCompletedChecksums(await openAfPacketPort(lineIf, { etherType: ETH_P_ALL }));
const host = withCompletedChecksums(await openAfPacketPort(hostIf, { etherType: ETH_P_ALL }));
const received = { ev: counter(line), evse: counter(host) };
const bundle = new SimulatedPlcBundle({ clock: systemClock });
bundle.attachRemote(line, { mac: parseMac(evMac), role: 'ev' });
bundle.attachRemote(host, { mac: parseMac(evseMac), role: 'evse', attenuation: Number(attenuation) });
console.log('ready');
process.once('SIGTERM', () => {
  bundle.close();
  line.close();
  host.close();
  console.log(JSON.stringify(received));
});

/** Frames received from the port's host by EtherType (hex), for the test to see what crossed. */
function counter(port: FramePort): Record<string, number> {
  const counts: Record<string, number> = {};
  port.frames$.subscribe((frame) => {
    const etherType = ((frame[12] << 8) | frame[13]).toString(16).padStart(4, '0');
    counts[etherType] = (counts[etherType] ?? 0) + 1;
  });
  return counts;
}
