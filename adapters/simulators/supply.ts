/**
 * What the simulated DC and AC supplies share: the clock-driven update cycle (advance the power stage to now, meter
 * the energy both ways, publish the status), the session's authorization (EIM), and the levers tests and the demo pull:
 * a stop or renegotiation request through EVSENotification (DIN/-2) or any of ISO 15118-20's notifications, a fault,
 * the end of the simulation. Each supply brings only its power stage's physics.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { Clock } from '../../base/clock.js';
import type { EvseNotification, EvseStatus, PowerCommand, PowerModule } from '../evse.js';
import type { DischargeLimits, SessionNotification, SessionNotificationKind } from '../../machines/session/secc/evse-snapshot.js';
import { energyWh } from './energy.js';
import { inRange, positive } from './errors.js';
import { createScheduler } from './scheduler.js';

export type EvseFault = NonNullable<EvseStatus['fault']>;

export interface SupplyOptions {
  readonly clock: Clock;
  /**
   * External identification (EIM) is given this long after the simulator starts (the session's start), ms;
   * 0 (default): at once; Infinity: only when `authorize()` is called.
   */
  readonly authorizeAfterMs?: number;
  /** How often status$ reports, ms of clock time. */
  readonly tickMs?: number;
}

/** The part of EvseStatus the shared cycle owns. */
export interface SupplyCommon {
  readonly meterWh: number;
  /** Present once energy has flowed back from the EV (BPT). */
  readonly meterReturnedWh?: number;
  readonly notification: EvseNotification;
  readonly sessionNotification?: SessionNotification;
  readonly fault?: EvseFault;
  readonly authorized: boolean;
}

/** The physics of one kind of power stage, stepped by the shared cycle. */
export interface PowerStage<S extends EvseStatus> {
  /** Moves the stage's quantities `ms` forward (ramps, discharges). */
  advance(ms: number): void;
  command(command: PowerCommand): void;
  /** Output off now: a fault opened the stage. */
  shutdown(): void;
  /** Power leaving the stage toward the vehicle now, W (negative: taken back from it): what the meter integrates. */
  power(): number;
  status(common: SupplyCommon): S;
}

export interface SupplyContext {
  /** Runs `fn` `ms` later, with the stage advanced to that moment; the status is published after it. */
  after(ms: number, fn: () => void): void;
}

export interface SupplySimulator<S extends EvseStatus> extends PowerModule {
  /** The latest status first, then one per tick and per change. */
  readonly status$: Observable<S>;
  /** The latest status (what status$ replays to a new subscriber). */
  readonly status: S;
  /** Ask the EV to stop: EVSENotification=StopCharging. */
  requestStop(): void;
  /** Ask the EV to renegotiate: EVSENotification=ReNegotiation (ISO 15118-2). */
  requestRenegotiation(): void;
  /** ISO 15118-20: EVSENotification `kind` with NotificationMaxDelay `maxDelayS`, until `clearNotification`. */
  notify(kind: SessionNotificationKind, maxDelayS: number): void;
  clearNotification(): void;
  /** A fault (EVSEStatusCode EVSE_Malfunction / EVSE_EmergencyShutdown / EVSE_UtilityInterruptEvent): output off. */
  injectFault(fault: EvseFault): void;
  /** External identification given now (EIM), whatever `authorizeAfterMs` said. */
  authorize(): void;
  /** Stops the ticks and timers and completes status$. */
  stop(): void;
}

const DEFAULT_TICK_MS = 100;

export function runSupply<S extends EvseStatus>(
  name: string,
  options: SupplyOptions,
  build: (context: SupplyContext) => PowerStage<S>,
): SupplySimulator<S> {
  const { clock } = options;
  const tickMs = positive(name, 'tickMs', options.tickMs ?? DEFAULT_TICK_MS);
  const authorizeAfterMs = inRange(name, 'authorizeAfterMs', options.authorizeAfterMs ?? 0, 0);
  const scheduler = createScheduler(clock);

  let lastUpdate = clock.now();
  let meterWh = 0;
  let meterReturnedWh = 0;
  let notification: EvseNotification = 'None';
  let sessionNotification: SessionNotification | undefined;
  let fault: EvseFault | undefined;
  let authorized = authorizeAfterMs === 0;

  /** Steps the stage to now, metering the energy at the power that flowed since the last step. */
  function advance(): void {
    const now = clock.now();
    const elapsed = now - lastUpdate;
    if (elapsed > 0) {
      const power = stage.power();
      // A meter counts each direction in a register of its own (imported and exported energy).
      if (power >= 0) meterWh += energyWh(power, elapsed);
      else meterReturnedWh += energyWh(-power, elapsed);
      stage.advance(elapsed);
    }
    lastUpdate = now;
  }

  function common(): SupplyCommon {
    return {
      meterWh,
      ...(meterReturnedWh > 0 && { meterReturnedWh }),
      notification,
      ...(sessionNotification !== undefined && { sessionNotification }),
      authorized,
      ...(fault !== undefined && { fault }),
    };
  }

  function publish(): void {
    status$.next(stage.status(common()));
  }

  /** Every change goes through here: physics up to now first, then the change, then one status. */
  function change(fn: () => void): void {
    advance();
    fn();
    publish();
  }

  /** A tick changes nothing but time: the physics move on and the status is reported. */
  function tick(): void {
    advance();
    publish();
  }

  const stage = build({ after: (ms, fn) => scheduler.after(ms, () => change(fn)) });
  const status$ = new BehaviorSubject<S>(stage.status(common()));

  scheduler.every(tickMs, tick);
  if (!authorized && Number.isFinite(authorizeAfterMs)) {
    scheduler.after(authorizeAfterMs, () => change(() => (authorized = true)));
  }

  return {
    status$: status$.asObservable(),
    get status() {
      return status$.getValue();
    },
    command(command) {
      // A stage that has tripped stays off until the simulation is restarted, as a real one waits for service.
      change(() => fault === undefined && stage.command(command));
    },
    requestStop() {
      change(() => (notification = 'StopCharging'));
    },
    requestRenegotiation() {
      change(() => (notification = 'ReNegotiation'));
    },
    notify(kind, maxDelayS) {
      change(() => (sessionNotification = { kind, maxDelayS: inRange(name, 'maxDelayS', maxDelayS, 0, 65_535) }));
    },
    clearNotification() {
      change(() => (sessionNotification = undefined));
    },
    injectFault(newFault) {
      change(() => {
        fault = newFault;
        stage.shutdown();
      });
    },
    authorize() {
      change(() => (authorized = true));
    },
    stop() {
      scheduler.cancelAll();
      status$.complete();
    },
  };
}

/** A bidirectional stage's discharge limits from its options: a stage given none cannot take energy back. */
export function dischargeLimitsOf(name: string, limits: Partial<DischargeLimits> | undefined): DischargeLimits | undefined {
  if (limits === undefined) return undefined;
  const maxPower = positive(name, 'discharge.maxPower', limits.maxPower ?? NaN);
  const maxCurrent = positive(name, 'discharge.maxCurrent', limits.maxCurrent ?? NaN);
  return {
    maxPower,
    maxCurrent,
    minPower: inRange(name, 'discharge.minPower', limits.minPower ?? 0, 0, maxPower),
    minCurrent: inRange(name, 'discharge.minCurrent', limits.minCurrent ?? 0, 0, maxCurrent),
  };
}
