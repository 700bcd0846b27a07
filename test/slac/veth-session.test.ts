/**
 * The whole stack on real Ethernet frames, as a user runs it against hardware: `kopher-v2g secc --slac` and
 * `kopher-v2g evcc --slac`, each in its own network namespace, with the software modem SIMULATOR in a third one
 * between them (veth EV ↔ modem ↔ veth EVSE). The EV and the EVSE match by SLAC through the modem; then SDP
 * (multicast to ff02::1 on the EV's interface, the SECC's server joined to it on its own) and a DIN 70121 session run
 * over IPv6 link-local through the same modem, which bridges IP only once both sides hold the EVSE's NMK; then the
 * same with ISO 15118-2 over TLS 1.2, whose certificate chain fills whole frames. The two hosts have no other path to
 * each other, so a finished session proves the bridge and the match.
 *
 * Decided: IPv6 is bridged through the modem rather than sent over a direct veth, so the modem's rule (no IP before
 * the match) is the one enforced, not only the SECC's order of starting. Where namespaces cannot be made (not root,
 * no `ip`), the test prints why and skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../shared/shared-dir.js';
import { cannotMakeNamespaces, NetnsLab } from './veth/netns.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const MODEM = join(projectRoot, 'dist', 'test', 'slac', 'veth', 'modem-host.js');
const EV_MAC = '02:00:00:00:0e:01';
const EVSE_MAC = '02:00:00:00:5e:01';
const LIMIT_MS = 20_000;
const FAST = ['--json', '--speed', '1000'];

interface EvccJson {
  readonly protocol: string;
  readonly result: string;
  readonly messages: readonly { readonly name: string }[];
}

test('evcc --slac and secc --slac pair through the modem simulator, then SDP and a DIN session cross it on IPv6', async () => {
  const run = await throughModem([], []);
  if (run === undefined) return;
  assert.is(run.ev.protocol, 'din');
  assert.ok(run.ev.messages.some((m) => m.name === 'CurrentDemandReq'), 'a CurrentDemand loop');
  console.log(`veth session: frames the modem received from each host, by EtherType: ${JSON.stringify(run.crossed)}`);
});

test('the same with ISO 15118-2 over TLS 1.2: the certificate chain crosses the bridge in frames of full size', async () => {
  const pki = mkdtempSync(join(tmpdir(), 'kopher-veth-pki-'));
  try {
    const run = await throughModem(['--tls', '--pki', pki], ['--tls', '--trust', join(pki, 'V2GRootCA.pem')], 'iso2');
    if (run === undefined) return;
    assert.is(run.ev.protocol, 'iso2');
  } finally {
    rmSync(pki, { recursive: true, force: true });
  }
});

interface ModemRun {
  readonly ev: EvccJson;
  /** Frames the modem received from each host, by EtherType (hex). */
  readonly crossed: Record<'ev' | 'evse', Record<string, number>>;
}

/**
 * EV ↔ modem ↔ EVSE in three namespaces; `secc --slac` and `evcc --slac` with the extra arguments; checks that the
 * session ended with SessionStop on both sides, that the SECC then stops cleanly, and that SLAC and IPv6 both went
 * through the modem. Undefined (with the reason printed) where namespaces cannot be made.
 */
async function throughModem(seccArgs: readonly string[], evccArgs: readonly string[], protocol = 'din'): Promise<ModemRun | undefined> {
  const why = cannotMakeNamespaces();
  if (why !== undefined) return void console.log(`NOTICE: veth session skipped: ${why}`);
  const lab = new NetnsLab(LIMIT_MS);
  const common = ['--protocols', protocol, ...FAST];
  try {
    const [evNs, modemNs, evseNs] = [lab.namespace('ev'), lab.namespace('modem'), lab.namespace('evse')];
    const [evIf, lineIf, modemIf, evseIf] = ['kve', 'kvl', 'kvm', 'kvh'].map((p) => `${p}${lab.id}`);
    lab.veth({ ns: evNs, name: evIf, mac: EV_MAC }, { ns: modemNs, name: lineIf }, ['host', 'none']);
    lab.veth({ ns: modemNs, name: modemIf }, { ns: evseNs, name: evseIf, mac: EVSE_MAC }, ['none', 'host']);

    const modem = lab.node(modemNs, [MODEM, lineIf, modemIf, EV_MAC, EVSE_MAC]);
    await modem.line((l) => l === 'ready');
    const secc = lab.node(evseNs, [CLI, 'secc', '--slac', '--iface', evseIf, ...common, ...seccArgs]);
    // The charger is up before the car arrives: the EV's CM_SLAC_PARAM.REQ retries last only 600 ms.
    await secc.line((l) => l.startsWith('SECC: SLAC on'), 'stderr');
    const evcc = lab.node(evNs, [CLI, 'evcc', '--slac', '--iface', evIf, ...common, '--loop-interval', '5', ...evccArgs]);

    assert.is(await evcc.exit(), 0, evcc.output('stderr'));
    const ev = JSON.parse(evcc.output('stdout')) as EvccJson;
    assert.is(ev.result, 'stopped');
    const names = ev.messages.map((m) => m.name);
    assert.equal(names.slice(0, 3), ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq']);
    assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes']);

    const evse = JSON.parse(await secc.line((l) => l.startsWith('{'))) as { session: number; protocol: string; result: string };
    assert.equal([evse.protocol, evse.result], [protocol, 'stopped']);
    assert.match(secc.output('stderr'), `SLAC: matched EV ${EV_MAC}`);
    // After the session the SECC starts over with a fresh NMK for the next EV, and stops cleanly when told to.
    secc.child.kill('SIGTERM');
    assert.is(await secc.exit(), 0, secc.output('stderr'));

    modem.child.kill('SIGTERM');
    const crossed = JSON.parse(await modem.line((l) => l.startsWith('{'))) as ModemRun['crossed'];
    for (const side of ['ev', 'evse'] as const) {
      assert.ok((crossed[side]['88e1'] ?? 0) > 0, `${side}: SLAC frames reached the modem`);
      assert.ok((crossed[side]['86dd'] ?? 0) > 10, `${side}: IPv6 frames reached the modem: ${JSON.stringify(crossed[side])}`);
    }
    return { ev, crossed };
  } finally {
    lab.close();
  }
}

test.run();
