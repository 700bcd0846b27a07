/**
 * Raw Ethernet: the typed errors where it cannot be had, and an end-to-end pairing on real frames between two
 * network namespaces joined by a veth pair (EV host in one; EVSE host with the software modem in the other). Where
 * namespaces cannot be made (not root, no `ip`), the namespace tests print why and skip.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RawEthernetUnavailableError } from '../../transport/ethernet/af-packet.js';
import { cannotMakeNamespaces, NetnsLab } from './veth/netns.js';

const here = dirname(fileURLToPath(import.meta.url));
const EV_MAC = '02:00:00:00:0e:01';
const EVSE_MAC = '02:00:00:00:5e:01';
const LIMIT_MS = 10_000;

test('an interface that does not exist: RawEthernetUnavailableError, reason "interface"', async () => {
  const { openAfPacketPort } = await import('../../transport/ethernet/af-packet.js');
  const err = await openAfPacketPort('kopher-none0').then(() => undefined, (e: unknown) => e);
  assert.instance(err, RawEthernetUnavailableError);
  assert.is((err as RawEthernetUnavailableError).reason, process.platform === 'linux' ? 'interface' : 'platform');
  assert.match((err as Error).message, 'kopher-none0');
});

test('without CAP_NET_RAW: RawEthernetUnavailableError, reason "permission"', () => {
  const why = cannotDropPrivileges();
  if (why !== undefined) return void console.log(`NOTICE: permission test skipped: ${why}`);
  const script = `import(${JSON.stringify(join(here, '../../transport/ethernet/af-packet.js'))})
    .then((m) => m.openAfPacketPort('lo')).then(() => console.log('opened'), (e) => console.log(e.reason))`;
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.is(run.stdout.trim(), 'permission', run.stderr);
});

test('EV and EVSE pair on real frames across a veth pair between two network namespaces', async () => {
  const why = cannotMakeNamespaces();
  if (why !== undefined) return void console.log(`NOTICE: veth pairing skipped: ${why}`);
  const lab = new NetnsLab(LIMIT_MS + 5_000);
  try {
    const [evNs, evseNs] = [lab.namespace('ev'), lab.namespace('evse')];
    const [evIf, evseIf] = [`kve${lab.id}`, `kvs${lab.id}`];
    lab.veth({ ns: evNs, name: evIf, mac: EV_MAC }, { ns: evseNs, name: evseIf, mac: '02:00:00:00:5e:f0' });

    const evse = lab.node(evseNs, [join(here, 'veth', 'evse-host.js'), evseIf, EV_MAC, EVSE_MAC, `${LIMIT_MS}`]);
    // The charger is up before the car arrives: its CM_SLAC_PARAM.REQ retries last only 600 ms.
    await evse.line((l) => l === 'ready');
    const ev = lab.node(evNs, [join(here, 'veth', 'ev-host.js'), evIf, `${LIMIT_MS}`]);
    const evResult = JSON.parse(await ev.line((l) => l.startsWith('{')));
    const evseResult = JSON.parse(await evse.line((l) => l.startsWith('{')));
    assert.is(evResult.result, 'matched', JSON.stringify(evResult));
    assert.is(evResult.evseMac, EVSE_MAC);
    assert.equal([evseResult.result, evseResult.evMac, evseResult.nmk], ['matched', EV_MAC, evResult.nmk]);
    console.log(`veth pairing: CM_SLAC_PARAM.REQ to matched in ${evResult.ms.toFixed(0)} ms (system clock, 2 processes)`);
  } finally {
    lab.close();
  }
});

function cannotDropPrivileges(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root, so there are no privileges to drop';
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true'], { timeout: 5_000 });
  return probe.status === 0 ? undefined : 'setpriv cannot drop to nobody here';
}

test.run();
