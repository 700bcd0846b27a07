/**
 * The building blocks of every EVCC chart, written once with the standard's names; a protocol's chart is its sequence
 * of these blocks. `id` is the chart's id, for the targets the blocks share (`#<id>.Failed`, `#<id>.SessionStop`).
 *
 * - `requestStep`: send the step's request on entry, wait for its response under V2G_EVCC_Msg_Timeout.
 * - `polled`: the EVSEProcessing=Ongoing rule and its kin: the request again `loopInterval` after each answer that
 *   leaves the phase by none of its exits, the whole phase bounded by its timer (V2G_EVCC_Ongoing_Timeout,
 *   V2G_EVCC_CableCheck_Timeout, V2G_EVCC_PreCharge_Timeout) from its first request: at most one
 *   V2G_EVCC_Msg_Timeout stricter than counting from the first Ongoing, and one state for every poll.
 * - `chargeLoop`: CurrentDemand / ChargingStatus paced by `loopInterval`, left on an answer or, between two, on what
 *   the EVSE or the EV wants.
 * - `rootTransitions` and `finalStates`: the response check, the channel's end, the vehicle's status; the endings.
 */

import type { VehicleCommand } from '../../../base/vehicle/charging-control.js';

type Exits = readonly Transition[];

type Transition = { readonly target?: string; readonly guard?: unknown; readonly actions?: unknown; readonly reenter?: boolean };

/** Send `step`'s request on entry, after the actions `before`, and handle its response with `on`. */
export function requestStep<const Id extends string, const S extends string, const On, const Before extends readonly unknown[] = []>(
  id: Id, step: S, on: On, before?: Before,
) {
  return {
    entry: [...((before ?? []) as Before), { type: 'sendRequest', params: { step } }] as const,
    after: { V2G_EVCC_Msg_Timeout: { target: `#${id}.Failed`, actions: 'noteMsgTimeout' } },
    on,
  } as const;
}

const PAUSE = { target: 'Pause' } as const;

type PhaseTimer = 'V2G_EVCC_Ongoing_Timeout' | 'V2G_EVCC_CableCheck_Timeout' | 'V2G_EVCC_PreCharge_Timeout';

/** `step` repeated `loopInterval` after each `response` that takes none of `exits` (WeldingDetection, bounded by its count). */
export function repeated<const Id extends string, const S extends string, const Res extends string, const X extends Exits>(
  id: Id, step: S, response: Res, exits: X,
) {
  return {
    initial: 'Request',
    states: {
      Request: requestStep(id, step, { [response]: [...exits, PAUSE] as const } as Record<Res, readonly [...X, typeof PAUSE]>),
      Pause: { after: { loopInterval: 'Request' } },
    },
  } as const;
}

/**
 * `step` repeated as `repeated` under `timer` from its first request. V2G_EVCC_Ongoing_Timeout names the request in
 * its reason; the CableCheck and PreCharge timers are their own reason.
 */
export function polled<const Id extends string, const S extends string, const Res extends string, const X extends Exits>(
  id: Id, step: S, response: Res, timer: PhaseTimer, exits: X,
) {
  const failed = `#${id}.Failed` as const;
  const onTimeout =
    timer === 'V2G_EVCC_Ongoing_Timeout'
      ? ({ target: failed, actions: { type: 'noteOngoingTimeout', params: { step } } } as const)
      : ({ target: failed, actions: { type: 'fail', params: { reason: timer } } } as const);
  return { ...repeated(id, step, response, exits), after: { [timer]: onTimeout } as Record<PhaseTimer, typeof onTimeout> } as const;
}

/**
 * The charging loop: `answered` decides on each response (the last of them back to `Pause`), `between` what the EVSE or
 * the EV wants while the loop waits; `states` adds the protocol's own (ISO 15118-2's MeteringReceipt).
 */
export function chargeLoop<
  const Id extends string, const S extends string, const Res extends string, const A extends Exits, const W extends Exits, const More extends object = object,
>(
  id: Id, step: S, response: Res, answered: A, between: W, states?: More,
) {
  return {
    initial: 'Request',
    states: {
      Request: requestStep(id, step, { [response]: answered } as Record<Res, A>),
      Pause: { always: between, after: { loopInterval: 'Request' } },
      ...(states as More),
    },
  } as const;
}

/** The kit's `command` action: `command` to the vehicle. */
export function vehicleCommand<const V extends VehicleCommand>(command: V) {
  return { type: 'command', params: { command } } as const;
}

/** Before energy was asked for, a stop the EVSE asks goes straight to SessionStop, the vehicle made safe. */
export function evseStopsBeforeCharging<const Id extends string>(id: Id) {
  return { guard: 'evseAsksStop', target: `#${id}.SessionStop`, actions: ['noteEvseStop', 'safeState'] } as const;
}

/**
 * DC CableCheck: CP state C before the first CableCheckReq (the EVSE tests the isolation only with S2 closed), then
 * CableCheckReq until EVSEProcessing=Finished under V2G_EVCC_CableCheck_Timeout; a stop the EVSE asks ends it.
 */
export function cableCheck<const Id extends string, const X extends Exits>(id: Id, finished: X) {
  return {
    ...polled(id, 'CableCheck', 'CableCheckRes', 'V2G_EVCC_CableCheck_Timeout', [evseStopsBeforeCharging(id), ...finished]),
    entry: vehicleCommand({ type: 'controlPilot', state: 'C' }),
  } as const;
}

/**
 * DC PreCharge: PreChargeReq until the EVSE's output is at the battery's voltage (dc-checks.ts), then the contactors
 * close and PowerDelivery starts, under V2G_EVCC_PreCharge_Timeout; a stop the EVSE asks ends it.
 */
export function preCharge<const Id extends string>(id: Id) {
  return polled(id, 'PreCharge', 'PreChargeRes', 'V2G_EVCC_PreCharge_Timeout', [
    evseStopsBeforeCharging(id),
    { guard: 'prechargeDone', target: `#${id}.PowerDeliveryStart`, actions: vehicleCommand({ type: 'contactors', closed: true }) },
  ]);
}

/**
 * The end of the energy transfer: PowerDelivery(Stop) after the actions `before` (the EV brings its current to zero
 * before it asks the EVSE to stop), the control pilot back to B with the response; DC then opens the contactors and
 * repeats WeldingDetection until the output is discharged (dc-checks.ts), then SessionStop.
 */
export function powerDeliveryStop<const Id extends string, const Before extends readonly unknown[]>(id: Id, before: Before) {
  return {
    PowerDeliveryStop: requestStep(id, 'PowerDeliveryStop', {
      PowerDeliveryRes: [
        {
          guard: 'dc',
          target: 'WeldingDetection',
          actions: [vehicleCommand({ type: 'controlPilot', state: 'B' }), vehicleCommand({ type: 'contactors', closed: false })],
        },
        { target: 'SessionStop', actions: vehicleCommand({ type: 'controlPilot', state: 'B' }) },
      ],
    } as const, before),
    WeldingDetection: repeated(id, 'WeldingDetection', 'WeldingDetectionRes', [{ guard: 'weldingDetectionDone', target: `#${id}.SessionStop` } as const]),
  } as const;
}

/** What the root does with every event, in every state: the response check first. */
export function rootTransitions() {
  return {
    'channel.received': [
      { guard: 'failedAfterCharge', target: '.SessionStop', actions: 'noteFailedAfterCharge' },
      { guard: 'unacceptableResponse', target: '.Failed', actions: 'noteUnacceptableResponse' },
      { guard: 'evseEmergency', target: '.Failed', actions: 'noteEvseEmergency' },
      { actions: 'acceptResponse' },
    ],
    'channel.closed': { target: '.Failed', actions: 'noteChannelEnd' },
    'channel.invalid': { target: '.Failed', actions: 'noteChannelEnd' },
    'vehicle.status': { actions: 'recordVehicle' },
  } as const;
}

/** SessionStop, then the endings: stopped or paused, and failed with the vehicle made safe. */
export function finalStates<const Id extends string, const X extends Exits>(id: Id, stopped: X) {
  return {
    SessionStop: requestStep(id, 'SessionStop', { SessionStopRes: [...stopped, { target: 'Stopped' }] } as const),
    Stopped: { type: 'final', entry: [{ type: 'finish', params: { result: 'stopped' } }, 'closeChannel'] },
    Failed: { type: 'final', entry: [{ type: 'finish', params: { result: 'failed' } }, 'safeState', 'closeChannel'] },
  } as const;
}
