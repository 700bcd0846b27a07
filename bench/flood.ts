/**
 * `npm run bench:flood`: what a station does under connections that never speak, with its default timers (TLS
 * handshake 5 s, V2G_SECC_CommunicationSetup_Performance_Time 18 s) and, in a second round, with its connection
 * limits lifted, so that every stalled connection has to be ended by a timer. Per round, over loopback:
 * - stalled TLS: N raw TCP connections to the TLS port that never send a ClientHello;
 * - flood: M plain TCP connections at once that never send supportedAppProtocolReq;
 * each from P peer addresses (127.0.0.2, 127.0.0.3, …; the station listens on ::ffff:127.0.0.1) while a legitimate EV
 * (ISO 15118-2 DC, over TLS for the first) runs its whole session. Reported: how many connections were closed before
 * any timer could have ended them (refused at a limit; the test process opening them shares the host, so "at once"
 * takes up to a second or two for the last of 2,000), when the last one was closed, when the station's own count of
 * open connections was back to 0, and the EV's outcome and duration.
 *
 * `npm run bench:flood -- --stalled 300 --flood 2000 --peers 10 [--json]`
 */
import { connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { scaledClock, systemClock } from '../base/clock.js';
import { runEvcc } from '../actors/stack/evcc-client.js';
import { startSeccStation, type SeccStation } from '../actors/stack/secc-station.js';
import type { StationLimits } from '../actors/stack/station-limits.js';
import { evccSettingsFor, seccSettingsFor } from '../cli/protocol-choice.js';
import { simulatedBattery, simulatedSupply } from '../cli/simulation.js';
import { generateTestPki, seccTlsCredentials, type TestPki } from '../crypto/index.js';
import type { Endpoint } from '../base/connection-events.js';
import { fdLimitProblem } from './fd-limit.js';
import { BENCH_LIMITS } from './secc-measured.js';

const HOST = '::ffff:127.0.0.1';
/** Past the longest timer a stalled connection can meet (18 s) with room for a loaded host. */
const DRAIN_BOUND_MS = 60_000;
/** Below the shortest timer a stalled connection meets (the TLS handshake's 5 s). */
const BEFORE_TIMERS_MS = 4_000;

interface Round {
  readonly round: string;
  readonly kind: 'stalled TLS' | 'flood';
  readonly connections: number;
  readonly closedBeforeTimers: number;
  readonly lastClosedMs: number | null;
  /** When the station counted no connection open any more. */
  readonly stationDrainedMs: number | null;
  readonly ev: string;
  readonly evMs: number;
}

const { values } = parseArgs({
  options: {
    stalled: { type: 'string', default: '300' },
    flood: { type: 'string', default: '2000' },
    peers: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const [stalled, flood, peers] = [values.stalled, values.flood, values.peers].map((v) => Number(v));
if (![stalled, flood, peers].every((n) => Number.isInteger(n) && n! >= 1) || peers! > 250) throw new RangeError('--stalled, --flood: whole numbers >= 1; --peers 1 to 250');
const problem = fdLimitProblem(2 * Math.max(stalled!, flood!));
if (problem) {
  console.log(`bench:flood: ${problem}`);
  process.exit(1);
}

const pki = await generateTestPki();
const rounds: Round[] = [];
for (const [round, limits] of [['defaults', {}], ['limits lifted', BENCH_LIMITS]] as const) {
  rounds.push(await measure(round, 'stalled TLS', stalled!, limits));
  rounds.push(await measure(round, 'flood', flood!, limits));
}
if (values.json) for (const r of rounds) console.log(JSON.stringify(r));
else for (const r of rounds) console.log(describe(r));

async function measure(round: string, kind: Round['kind'], count: number, limits: Partial<StationLimits>): Promise<Round> {
  const physics = scaledClock(systemClock, 400);
  const stops: (() => void)[] = [];
  const station = await startSeccStation({
    host: HOST,
    sdpPort: 0,
    protocols: ['iso2'],
    evseId: 'DE*KPH*E0000001',
    settings: seccSettingsFor('dc'),
    tls: { credentials: seccTlsCredentials(pki) },
    limits,
    powerModule: () => {
      const supply = simulatedSupply(physics, 'dc');
      stops.push(() => supply.stop());
      return supply;
    },
  });
  const target = kind === 'stalled TLS' ? station.tlsAddress! : station.address;
  const started = performance.now();
  const closings = Array.from({ length: count }, (_, n) => silentConnection(target, `127.0.0.${2 + (n % peers!)}`));
  const ev = await runEv(station, pki, kind === 'stalled TLS', physics);
  stops.push(ev.stop);
  const closedAt = await Promise.race([
    Promise.all(closings.map((c) => c.closed)),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DRAIN_BOUND_MS).unref()),
  ]);
  const drainedAt = await drained(station);
  for (const c of closings) c.socket.destroy();
  const result: Round = {
    round,
    kind,
    connections: count,
    closedBeforeTimers: (closedAt ?? []).filter((t) => t - started < BEFORE_TIMERS_MS).length,
    lastClosedMs: closedAt ? Math.round(Math.max(...closedAt) - started) : null,
    stationDrainedMs: drainedAt === undefined ? null : Math.round(drainedAt - started),
    ev: ev.outcome,
    evMs: ev.ms,
  };
  await station.close();
  for (const stop of stops) stop();
  return result;
}

/** When `station` had no connection open any more, polled; undefined if not within the bound. */
async function drained(station: SeccStation): Promise<number | undefined> {
  const until = performance.now() + DRAIN_BOUND_MS;
  while (station.gate.open > 0) {
    if (performance.now() > until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now();
}

/** A connection from `localAddress` that sends nothing; `closed` resolves with the time the station closed it. */
function silentConnection(to: Endpoint, localAddress: string): { socket: Socket; closed: Promise<number> } {
  const socket = connect({ host: to.address.replace(/^::ffff:/, ''), port: to.port, localAddress });
  socket.on('error', () => undefined);
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve(performance.now()))) };
}

async function runEv(station: SeccStation, pki: TestPki, tls: boolean, physics: ReturnType<typeof scaledClock>) {
  const battery = simulatedBattery(physics, 'dc', { initialSoc: 50, targetSoc: 52 });
  const { protocol, settings } = evccSettingsFor('iso2-dc');
  const start = performance.now();
  const result = await runEvcc({
    sdpTarget: HOST,
    sdpPort: station.sdpPort,
    protocols: [protocol],
    evccId: Uint8Array.of(2, 0, 0, 0, 0, 1),
    settings,
    loopInterval: 5,
    vehicle: battery,
    tls: tls ? { trustedRoots: [pki.v2gRootCa.pem] } : undefined,
  });
  const { result: outcome, reason } = result.outcome;
  return { outcome: reason ? `${outcome} (${reason})` : outcome, ms: Math.round(performance.now() - start), stop: () => battery.stop() };
}

function describe(r: Round): string {
  const seconds = (ms: number | null): string => (ms === null ? `not within ${DRAIN_BOUND_MS / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
  return (
    `${r.round}, ${r.kind}: ${r.connections} connections, ${r.closedBeforeTimers} closed before any timer, the last closed at ` +
    `${seconds(r.lastClosedMs)}, the station's count at 0 at ${seconds(r.stationDrainedMs)}; the EV beside them: ${r.ev} in ${(r.evMs / 1000).toFixed(2)} s`
  );
}
