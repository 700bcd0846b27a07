/**
 * What the stack tests share: a station on [::1] with a fresh simulated power stage per session, and a simulated EV
 * that finds it by SDP and charges a small SoC window on fast physics, so a whole session takes a fraction of a
 * second. Protocol timers keep real time (a peer knows nothing of our speed factor); only the physics is scaled.
 */
import { map, type Observable } from 'rxjs';
import type { EvseStatus } from '../../adapters/evse.js';
import type { AnyActorRef } from 'xstate';
import { scaledClock, systemClock, type Clock } from '../../base/clock.js';
import { runEvcc, type EvccOptions, type EvccResult } from '../../actors/stack/evcc-client.js';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import { startSeccStation, type SeccSession, type SeccStation, type SeccStationOptions } from '../../actors/stack/secc-station.js';
import type { BatterySimulator } from '../../adapters/simulators/battery.js';
import { evccSettingsFor, seccSettingsFor, type ControlChoice, type DemoProtocol } from '../../cli/protocol-choice.js';
import { simulatedBattery, simulatedSupply, type SimulatedSupply } from '../../cli/simulation.js';
import type { LabCertificates, TestPki, TlsCredentials } from '../../crypto/index.js';
import type { ClientAuthentication } from '../../transport/tls.js';
import { seccTlsCredentials } from '../../crypto/index.js';
import { within } from '../shared/async.js';

/** Simulated time runs this many times faster than wall time. */
export const PHYSICS_SPEED = 400;
/** Between two CurrentDemand/ChargingStatus requests, ms: the loop runs a dozen times or more in a session. */
export const LOOP_INTERVAL = 5;
/**
 * The bound on one whole charging session over loopback: it catches a hang, not a slow run. Idle, a session takes a
 * fraction of a second; on a busy shared host many times that, and the protocol's own timeouts end a stuck one anyway.
 */
export const SESSION_BOUND_MS = 60_000;
export const EVCC_ID = Uint8Array.of(0x02, 0x4b, 0x50, 0x48, 0x00, 0x42);
/** SDP with the standard's response timeout but fewer retries (5 s instead of 12.5 s to give up on nobody). */
export const QUICK_SDP = { SDP_Response_Timeout: 250, SDP_Max_Request_Counter: 20 } as const;

/** Two (DC) or one (AC) percent of a 40 kWh pack: a few hundred ms of wall time at PHYSICS_SPEED. */
const WINDOW = { dc: { initialSoc: 50, targetSoc: 52 }, ac: { initialSoc: 70, targetSoc: 71 } } as const;

export interface TestStation {
  readonly station: SeccStation;
  /** Every session the station announced, in order. */
  readonly sessions: SeccSession[];
  /** The power stage of every session, in order. */
  readonly supplies: SimulatedSupply[];
  /** The station's log lines. */
  readonly lines: string[];
  close(): Promise<void>;
}

export type StationOverrides = Partial<Omit<SeccStationOptions, 'powerModule' | 'tls'>> & {
  /** TLS 1.2 (ISO 15118-2) with this PKI's CPO chain. */
  readonly pki?: TestPki;
  /** TLS 1.3 (ISO 15118-20) with this -20 lab PKI's CPO chain, on the same port. */
  readonly pki20?: LabCertificates;
  /** With `pki20`: ask each EVCC for its OEM chain. */
  readonly clientAuthentication?: ClientAuthentication;
  readonly tlsHandshakeTimeoutMs?: number;
  /** The stage reports a meter with this ID (MeterInfo; Plug & Charge asks for a receipt of it). */
  readonly meterId?: string;
};

export function physicsClock(): Clock {
  return scaledClock(systemClock, PHYSICS_SPEED);
}

/** A station on [::1] (SDP and V2G on ephemeral ports) for `mode`, with every message of every session kept. */
export async function startTestStation(mode: 'ac' | 'dc', overrides: StationOverrides = {}): Promise<TestStation> {
  const physics = physicsClock();
  const sessions: SeccSession[] = [];
  const supplies: SimulatedSupply[] = [];
  const lines: string[] = [];
  const { pki, pki20, clientAuthentication, tlsHandshakeTimeoutMs, meterId, ...options } = overrides;
  const tls13 = pki20 && { credentials: seccTlsCredentials(pki20), clientAuthentication };
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: ['din', 'iso2', mode === 'dc' ? 'iso20-dc' : 'iso20-ac'],
    evseId: 'DE*KPH*E0000001',
    settings: seccSettingsFor(mode),
    keepMessages: true,
    log: (line) => lines.push(line),
    ...options,
    tls: pki || tls13 ? { credentials: pki && seccTlsCredentials(pki), tls13, handshakeTimeoutMs: tlsHandshakeTimeoutMs } : undefined,
    // No load is wired: with several EVs on one station, which battery a session's stage feeds is not known here.
    powerModule: () => {
      const supply = simulatedSupply(physics, mode);
      supplies.push(supply);
      if (meterId === undefined) return supply;
      return { status$: (supply.status$ as Observable<EvseStatus>).pipe(map((status) => ({ ...status, meterId }))), command: (command) => supply.command(command) };
    },
  });
  station.sessions$.subscribe((session) => sessions.push(session));
  return {
    station,
    sessions,
    supplies,
    lines,
    async close() {
      await station.close();
      for (const supply of supplies) supply.stop();
    },
  };
}

export interface EvRun {
  readonly result: EvccResult;
  readonly battery: BatterySimulator;
}

export interface EvOverrides extends Partial<Omit<EvccOptions, 'vehicle' | 'tls'>> {
  /** Trust this PKI's V2G root and ask for TLS. */
  readonly pki?: Pick<TestPki, 'v2gRootCa'>;
  /** The vehicle's OEM chain, for a station that asks for it (ISO 15118-20 mutual TLS). */
  readonly tlsCredentials?: TlsCredentials;
  /** ISO 15118-20's control mode; default scheduled. */
  readonly control?: ControlChoice;
  /** The EV's battery when it outlives one run (pause and resume); the caller stops it. */
  readonly battery?: BatterySimulator;
  /** Bound on the whole run; default SESSION_BOUND_MS. */
  readonly bound?: number;
}

/** A simulated EV that discovers the SECC behind `sdp` over ::1 and charges its small window with `choice`, bounded. */
export async function chargeEv(sdp: Pick<SeccStation, 'sdpPort'>, choice: DemoProtocol, overrides: EvOverrides = {}): Promise<EvRun> {
  const { pki, tlsCredentials, control, battery: given, bound = SESSION_BOUND_MS, ...options } = overrides;
  const { protocol, mode, settings } = evccSettingsFor(choice, control);
  const battery = given ?? simulatedBattery(physicsClock(), mode, WINDOW[mode]);
  try {
    const result = await within(
      runEvcc({
        sdpTarget: '::1',
        sdpPort: sdp.sdpPort,
        sdpTiming: QUICK_SDP,
        protocols: [protocol],
        evccId: EVCC_ID,
        settings,
        loopInterval: LOOP_INTERVAL,
        ...options,
        tls: pki ? { trustedRoots: [pki.v2gRootCa.pem], credentials: tlsCredentials } : undefined,
        vehicle: battery,
      }),
      `EV charging with ${choice}`,
      bound,
    );
    return { result, battery };
  } finally {
    if (!given) battery.stop();
  }
}

/**
 * An EV that pauses from within the charging loop, at its second CurrentDemandRes, as a driver leaving for a while
 * would: the session ends with SessionStop(Pause) and its SessionID may be resumed.
 */
export function pausingInLoop(onPause?: () => void): Pick<EvOverrides, 'onActor' | 'onMessage'> {
  let session: AnyActorRef | undefined;
  let loops = 0;
  return {
    onActor: (layer, actor) => {
      if (layer === 'session') session = actor;
    },
    onMessage: (m) => {
      if (m.name !== 'CurrentDemandRes' || ++loops !== 2) return;
      session?.send({ type: 'ev.pause' });
      onPause?.();
    },
  };
}

/**
 * A DC battery far from full, for a run that acts inside the charging loop (cuts the cable at the third
 * CurrentDemandRes): the usual window fills in some 70 ms of wall time, which a busy host can spend before the third
 * loop, and the EV would then stop by itself. The caller stops it.
 */
export function farFromFull(): BatterySimulator {
  return simulatedBattery(physicsClock(), 'dc', { initialSoc: 20, targetSoc: 90 });
}

/** A physics clock that stands still until `release()`, then runs on from where it stood. */
export function heldPhysics(): { clock: Clock; release(): void } {
  const base = physicsClock();
  let heldAt: number | undefined = base.now();
  let lost = 0;
  return {
    clock: { now: () => heldAt ?? base.now() - lost, setTimeout: (fn, ms) => base.setTimeout(fn, ms), clearTimeout: (id) => base.clearTimeout(id) },
    release() {
      if (heldAt === undefined) return;
      lost = base.now() - heldAt;
      heldAt = undefined;
    },
  };
}

/** The names of a log's messages in order. */
export function namesOf(messages: readonly LoggedMessage[]): string[] {
  return messages.map((m) => m.name);
}

export function count(messages: readonly LoggedMessage[], name: string): number {
  return messages.filter((m) => m.name === name).length;
}

/** The station's `index`th session (1-based) once announced, and its outcome, bounded. */
export async function outcomeOf(test: TestStation, index: number, bound = SESSION_BOUND_MS): Promise<Awaited<SeccSession['outcome']>> {
  const session = test.sessions[index - 1];
  if (!session) throw new Error(`the station announced ${test.sessions.length} sessions, not ${index}`);
  return within(session.outcome, `SECC session ${index}`, bound);
}
