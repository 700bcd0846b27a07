/**
 * SLAC as the stack's first layer: the runs carry the stack's actor ids for the inspector and draw a fresh RunID
 * and NMK each; a station with SLAC opens SDP and V2G only after a match, serves that EV's session, starts over with
 * a new NMK, gives up on an EV that matched but never connected (V2G_SECC_CommunicationSetup_Performance_Time), and
 * waits again after a run in which no EV came (TT_EVSE_SLAC_init). The station tests run the software modem on the
 * system clock beside real sockets on [::1].
 */
import { SimulatedClock } from 'xstate';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInspector } from '../../actors/runtime/inspection.js';
import { systemClock } from '../../base/clock.js';
import type { SlacEvseRun } from '../../actors/slac/run-slac-evse.js';
import type { SeccStation, SeccStationOptions } from '../../actors/stack/secc-station.js';
import { startSimulatedSlacLink } from '../../actors/stack/simulated-slac-link.js';
import { startEvSlac } from '../../actors/stack/slac-link.js';
import { serveWithSlac } from '../../actors/stack/slac-station.js';
import { SimulatedPlcBundle } from '../../adapters/simulators/plc-modem.js';
import { seccSettingsFor } from '../../cli/protocol-choice.js';
import { simulatedSupply, type SimulatedSupply } from '../../cli/simulation.js';
import { formatMac } from '../../codecs/slac/index.js';
import { within } from '../shared/async.js';
import { advance, EV_MAC, EVSE_MACS } from '../slac/harness.js';
import { chargeEv, physicsClock } from './harness.js';

test('the simulated link: both sides match with the EVSE\'s NMK, as evcc/slac-ev and secc/slac-evse in the inspector', async () => {
  const clock = new SimulatedClock();
  const inspector = createInspector({ clock });
  const names = new Set<string>();
  inspector.events$.subscribe((e) => e.type === '@xstate.actor' && names.add(e.name));
  const link = startSimulatedSlacLink({ clock, evMac: EV_MAC, evseMac: EVSE_MACS[0], inspect: inspector.inspect });
  try {
    advance(clock, 1_000);
    const { ev, evse } = await link.outcome;
    assert.ok(ev.result === 'matched' && evse.result === 'matched', JSON.stringify({ ev, evse }));
    assert.equal(ev.nmk, evse.nmk);
    assert.is(formatMac(ev.evseMac), formatMac(EVSE_MACS[0]));
    assert.equal([...names].sort(), ['evcc/slac-ev', 'secc/slac-evse']);
  } finally {
    link.close();
  }
});

test('every run draws its own RunID (EV) and NMK (EVSE)', () => {
  const clock = new SimulatedClock();
  const links = [0, 1].map(() => startSimulatedSlacLink({ clock, evMac: EV_MAC, evseMac: EVSE_MACS[0] }));
  try {
    const [a, b] = links.map((l) => ({ runId: l.ev.actor.getSnapshot().context.runId, nmk: l.evse.actor.getSnapshot().context.nmk }));
    assert.is.not(hex(a.runId), hex(b.runId));
    assert.is.not(hex(a.nmk), hex(b.nmk));
    assert.is(a.runId.length, 8);
    assert.is(a.nmk.length, 16);
  } finally {
    for (const l of links) l.close();
  }
});

test('serveWithSlac: no SDP before the match; the matched EV charges; then a new run with a fresh NMK', async () => {
  const s = slacStation();
  try {
    await within(s.nextRun(1), 'the first SLAC run');
    assert.is(s.stations.length, 0, 'nothing listens before an EV has matched');
    const ev = startEvSlac({ port: s.evHost.port, link$: s.evHost.link$ });
    assert.is((await within(ev.result, 'EV SLAC')).result, 'matched');
    const station = await within(s.nextStation(1), 'the station after the match');
    const { result } = await chargeEv(station, 'din');
    ev.stop();
    assert.is(result.outcome.result, 'stopped', result.outcome.reason);
    const [first, second] = await within(s.nextRun(2), 'the next SLAC run');
    assert.is.not(hex(second.actor.getSnapshot().context.nmk), hex(first.actor.getSnapshot().context.nmk));
    assert.ok(s.lines.includes(`SLAC: matched EV ${formatMac(EV_MAC)}; SDP and V2G open for it`), s.lines.join('\n'));
  } finally {
    await s.close();
  }
});

test('serveWithSlac: an EV that matched but never connects is given up after V2G_SECC_CommunicationSetup_Performance_Time', async () => {
  const s = slacStation({ timing: { session: { V2G_SECC_CommunicationSetup_Performance_Time: 100 } } });
  try {
    await within(s.nextRun(1), 'the first SLAC run');
    const ev = startEvSlac({ port: s.evHost.port, link$: s.evHost.link$ });
    await within(ev.result, 'EV SLAC');
    await within(s.nextRun(2), 'the run after the silent EV');
    ev.stop();
    assert.is(s.stations.length, 1);
    assert.ok(s.lines.includes('no EV connected within V2G_SECC_CommunicationSetup_Performance_Time (100 ms)'), s.lines.join('\n'));
  } finally {
    await s.close();
  }
});

test('serveWithSlac: a run in which no EV came (TT_EVSE_SLAC_init) is followed by the next; no station opens', async () => {
  const s = slacStation({}, { TT_EVSE_SLAC_init: 30 });
  try {
    await within(s.nextRun(3), 'three SLAC runs');
    assert.is(s.stations.length, 0);
    assert.ok(s.lines.includes('SLAC: TT_EVSE_SLAC_init: no CM_SLAC_PARAM.REQ; waiting for the next EV'), s.lines.join('\n'));
  } finally {
    await s.close();
  }
});

/** A station with SLAC behind the software modem, an EV plugged into the same bundle, and what it started so far. */
function slacStation(overrides: Partial<SeccStationOptions> = {}, slacTiming = {}) {
  const bundle = new SimulatedPlcBundle({ clock: systemClock });
  const evseHost = bundle.attach({ mac: EVSE_MACS[0], role: 'evse' });
  const evHost = bundle.attach({ mac: EV_MAC, role: 'ev' });
  const runs: SlacEvseRun[] = [];
  const stations: SeccStation[] = [];
  const lines: string[] = [];
  const changed = new Set<() => void>();
  const notify = (): void => {
    for (const c of [...changed]) c();
  };
  const stop = new AbortController();
  // Each session's power stage ticks on a timer: every one is stopped at close, or the test process never exits.
  const supplies: SimulatedSupply[] = [];
  const serving = serveWithSlac({
    slac: { port: evseHost.port, link$: evseHost.link$, timing: slacTiming },
    station: {
      host: '::1',
      sdpPort: 0,
      protocols: ['din'],
      evseId: 'DE*KPH*E0000001',
      settings: seccSettingsFor('dc'),
      powerModule: () => {
        const supply = simulatedSupply(physicsClock(), 'dc');
        supplies.push(supply);
        return supply;
      },
      log: (line) => lines.push(line),
      ...overrides,
    },
    signal: stop.signal,
    onSlac: (run) => {
      runs.push(run);
      notify();
    },
    onStation: (station) => {
      stations.push(station);
      notify();
    },
  });
  const when = <T>(ready: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = (): void => {
        const value = ready();
        if (value === undefined) return;
        changed.delete(check);
        resolve(value);
      };
      changed.add(check);
      check();
    });
  return {
    evHost,
    stations,
    lines,
    nextRun: (n: number) => when(() => (runs.length >= n ? runs : undefined)),
    nextStation: (n: number) => when(() => stations[n - 1]),
    async close() {
      stop.abort();
      await within(serving, 'serveWithSlac after abort');
      for (const supply of supplies) supply.stop();
      bundle.close();
    },
  };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

test.run();
