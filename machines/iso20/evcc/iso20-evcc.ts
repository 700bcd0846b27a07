/**
 * The ISO 15118-20 EVCC session, AC and DC, plain and BPT, Scheduled and Dynamic control, EIM: from SessionSetupReq
 * to SessionStopRes, after the supportedAppProtocol handshake. Pure: requests and vehicle commands leave as emitted
 * events, responses and vehicle status arrive as events, the standard's timers (ISO20_TIMING) are named delays, and
 * each request's Header TimeStamp comes from the run's injected clock.
 *
 * Its chart is -20's sequence of the EVCC kit's blocks (../../session/evcc/): every message from the SECC is checked
 * once, at the root (a FAILED code ends the session, the EV sends nothing more; a WARNING code goes on and the state
 * decides); a good one is raised again as an event named after its element without AC_/DC_. The EVSE's notifications
 * (Terminate, Pause, ExitStandby, ScheduleRenegotiation, ServiceRenegotiation, MeteringConfirmation) and the EV's own
 * wishes are acted on between two charge loop requests, at most one loop interval after they came, well within any
 * NotificationMaxDelay. The response handlers live one per message beside this file.
 */
import { assertEvent, assign, emit, enqueueActions, setup } from 'xstate';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../../session/session-events.js';
import { cableCheck, chargeLoop, finalStates, polled, powerDeliveryStop, preCharge, requestStep, rootTransitions, vehicleCommand } from '../../session/evcc/evcc-blocks.js';
import { evccKit, evccKitDelays } from '../../session/evcc/evcc-kit-actions.js';
import { prechargeDone, weldingDetectionDone } from '../../session/evcc/dc-checks.js';
import { evccOutcome } from '../../session/evcc/evcc-outcome.js';
import { PAUSED } from '../../session/evcc/pause-renegotiation.js';
import { ISO20_EVCC_ADAPTER, commandPower } from './iso20-evcc-adapter.js';
import { authorizationAnswer } from './iso20-evcc-authorization.js';
import { authorizationChoice, type Iso20PncCommand, type Iso20PncEvent } from './iso20-evcc-pnc.js';
import { iso20EvccRequest } from './iso20-evcc-requests.js';
import { NO_SESSION_ID } from '../iso20-header.js';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import type { CertificateInstallationResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { chargeParametersProblem } from './iso20-evcc-charge-parameter-discovery.js';
import { readLoop } from './iso20-evcc-charge-loop.js';
import {
  initialIso20EvccContext, NO_WISHES, type Iso20EvccContext, type Iso20EvccInput, type Iso20EvccStep, type Iso20Wishes, type StopKind,
} from './iso20-evcc-context.js';
import { energyAt, energyWithPower } from './iso20-evcc-energy.js';
import type { Iso20Document, Iso20ResponseEvent } from './iso20-evcc-messages.js';
import type { Iso20Request } from './iso20-evcc-requests.js';
import type { evseNotificationType } from '../../../codecs/exi/generated/iso20-types.types.js';
import { loopDecision, type LoopDecision } from './iso20-evcc-loop.js';
import { answerScheduleExchange, stepAfterScheduleExchange, type ScheduleExchangeStep } from './iso20-evcc-schedule-exchange.js';
import { isEnergyServiceDetail, pickParameterSet, pickValueAddedParameterSet } from './iso20-evcc-service-detail.js';
import { answerServiceDiscovery } from './iso20-evcc-service-discovery.js';

export type { Iso20EvccInput } from './iso20-evcc-context.js';

/** What the driver or the vehicle's energy manager may ask for during the session. */
export type Iso20EvWishEvent =
  | { readonly type: 'ev.pause' }
  /** New schedules (Scheduled) or targets (Dynamic): PowerDelivery(ScheduleRenegotiation), then ScheduleExchange. */
  | { readonly type: 'ev.renegotiate' }
  /** Another service: the energy off, SessionStop(ServiceRenegotiation), ServiceDiscovery on the same connection. */
  | { readonly type: 'ev.renegotiateService' }
  | { readonly type: 'ev.standby' }
  | { readonly type: 'ev.exitStandby' };

export type Iso20EvccEvent = ChannelEvent<Iso20Document> | VehicleEvent | Iso20EvWishEvent | Iso20ResponseEvent | Iso20PncEvent;
export type Iso20EvccEmitted = ChannelCommand<Iso20Document> | VehicleCommandEvent | Iso20PncCommand;

/** The outcome with the energy counted both ways (iso20-evcc-energy.ts), Wh. */
export interface Iso20EvccOutcome extends SessionOutcome {
  readonly energyWh: number;
  readonly energyDischargedWh: number;
}

const DEFAULT_WELDING_DETECTION_VOLTAGE = 60;
const DEFAULT_MAX_WELDING_DETECTION_REQUESTS = 10;

/** Why the EV cannot go on with a response of each type, when it cannot. */
const UNUSABLE_ANSWER: Readonly<Record<string, string>> = {
  AuthorizationSetupRes: 'AuthorizationSetupRes does not offer the authorization service of the EV',
  ServiceDiscoveryRes: 'ServiceDiscoveryRes does not offer the energy transfer service of the EV',
  ServiceDetailRes: 'ServiceDetailRes offers no parameter set of the control mode of the EV',
  ScheduleExchangeRes: 'ScheduleExchangeRes Finished without a schedule of the control mode of the EV',
};

const kit = evccKit<Iso20EvccContext, Iso20EvccEvent, Iso20ResponseEvent, Iso20Document, Iso20Request, Iso20EvccStep>(ISO20_EVCC_ADAPTER);

type Args = { readonly context: Iso20EvccContext; readonly event: Iso20EvccEvent };

const wish = (key: keyof Iso20Wishes, value: boolean) =>
  assign<Iso20EvccContext, Iso20EvccEvent, undefined, Iso20EvccEvent, never>(({ context }) => ({ wishes: { ...context.wishes, [key]: value } }));

const iso20Evcc = setup({
  types: {
    context: {} as Iso20EvccContext,
    events: {} as Iso20EvccEvent,
    emitted: {} as Iso20EvccEmitted,
    input: {} as Iso20EvccInput,
    output: {} as Iso20EvccOutcome,
  },
  delays: evccKitDelays,
  guards: {
    ...kit.guards,
    authorizationNotOffered: ({ context, event }: Args) => event.type === 'AuthorizationSetupRes' && authorizationChoice(context.input, event.body) === undefined,
    authorizedByEim: ({ context }: Args) => context.authorizationChoice === 'EIM',
    authorizationRefused: ({ event }: Args) => event.type === 'AuthorizationRes' && authorizationAnswer(event.body) === 'refused',
    /** A contract came: the Authorization step's CertificateInstallationRes, Finished and OK. */
    contractDelivered: ({ event }: Args) => event.type === 'AuthorizationRes' && event.name === 'CertificateInstallationRes' && authorizationAnswer(event.body) === 'granted',
    authorizationGranted: ({ event }: Args) => event.type === 'AuthorizationRes' && authorizationAnswer(event.body) === 'granted',
    serviceNotOffered: ({ context, event }: Args) => event.type === 'ServiceDiscoveryRes' && !answerServiceDiscovery(context.input, event.body).usable,
    noParameterSet: ({ context, event }: Args) =>
      event.type === 'ServiceDetailRes' && isEnergyServiceDetail(context.input, event.body) && pickParameterSet(context.input, event.body) === undefined,
    moreServiceDetails: ({ context }: Args) => context.serviceDetailQueue.length > 1,
    chargeParametersUnusable: ({ context, event }: Args) =>
      event.type === 'ChargeParameterDiscoveryRes' && chargeParametersProblem(context.input, context.vehicle, event.body) !== undefined,
    scheduleNext: ({ context, event }: Args, params: { step: ScheduleExchangeStep }) =>
      event.type === 'ScheduleExchangeRes' && event.body.EVSEProcessing === 'Finished' && stepAfterScheduleExchange(context, event.body) === params.step,
    loopNext: ({ context }: Args, params: { next: LoopDecision['next'] }) => loopDecision(context).next === params.next,
    dc: ({ context }: Args) => context.input.protocol === 'iso20-dc',
    prechargeDone: ({ context }: Args) => prechargeDone(context.evse, context.vehicle, context.input.prechargeTolerance),
    weldingDetectionDone: ({ context }: Args) =>
      weldingDetectionDone(context.evse, context.sent?.count ?? 0, {
        voltage: context.input.weldingDetectionVoltage ?? DEFAULT_WELDING_DETECTION_VOLTAGE,
        maxRequests: context.input.maxWeldingDetectionRequests ?? DEFAULT_MAX_WELDING_DETECTION_REQUESTS,
      }),
    resumingAtChargeParameters: ({ context, event }: Args) =>
      event.type === 'SessionSetupRes' && event.body.ResponseCode === 'OK_OldSessionJoined' && context.input.resumeAt === 'ChargeParameterDiscovery',
    standbyNotAllowed: ({ event }: Args) => event.type === 'PowerDeliveryRes' && event.body.ResponseCode === 'WARNING_StandbyNotAllowed',
    stoppingAs: ({ context }: Args, params: { kind: StopKind }) => context.stopKind === params.kind,
  },
  actions: {
    ...kit.actions,
    recordAuthorizationSetup: assign(({ context, event }) => {
      assertEvent(event, 'AuthorizationSetupRes');
      const challenge = event.body.PnC_ASResAuthorizationMode?.GenChallenge;
      const choice = authorizationChoice(context.input, event.body);
      return { authorizationChoice: choice, installing: choice === 'Install', ...(challenge === undefined ? {} : { genChallenge: challenge }) };
    }),
    /**
     * The runner signs the request the step sends next, with the OEM provisioning key while a contract is being
     * installed, else with the contract's; the Header is made again when the request is sent.
     */
    askSignature: enqueueActions<Iso20EvccContext, Iso20EvccEvent, undefined, Iso20EvccEvent, never, never, never, never, Iso20EvccEmitted>(({ context, enqueue }) => {
      if (context.authorizationChoice === 'EIM') return;
      const document = iso20EvccRequest(context, 'Authorization')(context.sessionId ?? NO_SESSION_ID) as V2gDocument<'iso20-common'>;
      enqueue.emit({ type: 'contract.sign', key: context.installing ? 'provisioning' : 'contract', document });
    }),
    recordSignature: assign(({ event }) => {
      assertEvent(event, 'contract.signed');
      return { signature: event.signature };
    }),
    askInstall: emit(({ event }) => {
      assertEvent(event, 'AuthorizationRes');
      return { type: 'contract.install' as const, response: event.body as CertificateInstallationResType };
    }),
    recordContract: assign(({ event }) => {
      assertEvent(event, 'contract.installed');
      return { contractChain: event.chain, installing: false, signature: undefined };
    }),
    noteContractFailure: assign(({ event }) => {
      assertEvent(event, 'contract.failed');
      return { evseEnding: undefined, failure: event.reason };
    }),
    recordServices: assign(({ context, event }) => {
      assertEvent(event, 'ServiceDiscoveryRes');
      const answer = answerServiceDiscovery(context.input, event.body);
      return answer.usable ? { serviceDetailQueue: answer.serviceDetailQueue, serviceRenegotiationSupported: answer.serviceRenegotiationSupported } : {};
    }),
    recordServiceDetail: assign(({ context, event }) => {
      assertEvent(event, 'ServiceDetailRes');
      const next = { serviceDetailQueue: context.serviceDetailQueue.slice(1) };
      if (isEnergyServiceDetail(context.input, event.body)) return { ...next, parameterSet: pickParameterSet(context.input, event.body) };
      const selected = pickValueAddedParameterSet(event.body);
      return selected === undefined ? next : { ...next, selectedValueAddedServices: [...context.selectedValueAddedServices, selected] };
    }),
    recordSchedule: assign(({ context, event }) => {
      assertEvent(event, 'ScheduleExchangeRes');
      const answer = answerScheduleExchange(context.input, event.body, context.renegotiating);
      if (answer.next !== 'scheduled') return {};
      const anchor = context.input.scheduleTimeBase === 'timeAnchor' ? answer.schedule.charging.power.timeAnchorS * 1000 : context.input.clock.now();
      return { schedule: answer.schedule, scheduleAnchorMs: anchor };
    }),
    recordLoop: assign(({ event }) => {
      assertEvent(event, 'ChargeLoopRes');
      const { control, meter } = readLoop(event.body);
      return { loopControl: control, ...(meter === undefined ? {} : { meter }) };
    }),
    /** The energy up to now at the power in force, then the power of the command the loop reports from now on. */
    meterEnergy: assign(({ context }) => {
      const now = context.input.clock.now();
      return { energy: energyWithPower(context.energy, commandPower(ISO20_EVCC_ADAPTER.charging(context)), now) };
    }),
    meterStop: assign(({ context }) => ({ energy: energyWithPower(context.energy, 0, context.input.clock.now()) })),
    /** The response's EVSENotification, kept until acted on; a response without one leaves the one pending. */
    noteNotification: assign(({ context, event }) =>
      context.evse.notification === 'None' || !('name' in event) ? {} : { notification: { notification: context.evse.notification as evseNotificationType, in: event.name } }),
    actedOnNotification: assign({ notification: undefined }),
    countMeteringConfirmation: assign(({ context }) => ({ meteringConfirmations: context.meteringConfirmations + 1 })),
    /** The loop ends (loopDecision): how SessionStop will end the session, and the EVSE named when it ended it. */
    noteLoopEnd: assign(({ context }) => {
      const decision = loopDecision(context);
      if (decision.next !== 'stop') return {};
      return { stopKind: decision.kind, ...(decision.evseEnding === undefined ? {} : { evseEnding: decision.evseEnding }) };
    }),
    /** A response the EV cannot go on with before energy flowed: the session ends by SessionStop, the station named. */
    noteUnusableAnswer: assign(({ context, event }) => {
      if (event.type === 'ScheduleExchangeRes' && answerScheduleExchange(context.input, event.body, context.renegotiating).next === 'pause') {
        return { stopKind: 'Pause' as StopKind, evseEnding: 'GoToPause in ScheduleExchangeRes' };
      }
      if (event.type === 'ChargeParameterDiscoveryRes') return { evseEnding: chargeParametersProblem(context.input, context.vehicle, event.body) };
      return { evseEnding: UNUSABLE_ANSWER[event.type] ?? `${event.type} cannot be followed` };
    }),
    noteRefusal: assign(({ event }) => ({ evseEnding: 'body' in event ? `${event.body.ResponseCode} in ${event.name}` : undefined })),
    stopAs: assign((_, params: { kind: StopKind }) => ({ stopKind: params.kind })),
    wantPause: wish('pause', true),
    wantScheduleRenegotiation: wish('scheduleRenegotiation', true),
    wantServiceRenegotiation: wish('serviceRenegotiation', true),
    wantStandby: wish('standby', true),
    wantExitStandby: wish('standby', false),
    enterStandby: assign({ standby: true }),
    /** WARNING_StandbyNotAllowed: the wish is dropped, the loop goes on at full power. */
    refuseStandby: wish('standby', false),
    leaveStandby: assign({ standby: false }),
    startRenegotiation: assign(({ context }) => ({ renegotiating: true, wishes: { ...context.wishes, scheduleRenegotiation: false } })),
    endRenegotiation: assign({ renegotiating: false }),
    /** SessionStop(ServiceRenegotiation) done: the session goes on at ServiceDiscovery, as new but for its ID and energy. */
    beginServiceRenegotiation: assign({
      stopKind: 'Terminate' as StopKind,
      evseEnding: undefined,
      wishes: NO_WISHES,
      serviceDetailQueue: [] as readonly number[],
      selectedValueAddedServices: [] as Iso20EvccContext['selectedValueAddedServices'],
      parameterSet: undefined,
      schedule: undefined,
      loopControl: undefined,
      notification: undefined,
      standby: false,
    }),
  },
});

const ID = 'iso20-evcc';
const STOP = '#iso20-evcc.PowerDeliveryStop';
const loopNext = (next: LoopDecision['next']) => ({ type: 'loopNext', params: { next } }) as const;
const scheduleNext = (step: ScheduleExchangeStep) => ({ type: 'scheduleNext', params: { step } }) as const;

/** Before energy was asked for, the EV ends a session it cannot go on with by SessionStop, the vehicle made safe. */
const END_BEFORE_CHARGING = { target: '#iso20-evcc.SessionStop', actions: ['noteUnusableAnswer', 'safeState'] } as const;

/** The vehicle could not sign or store its contract: the session ends by SessionStop, as with a refusal. */
const CONTRACT_FAILED = { target: '#iso20-evcc.SessionStop', actions: ['noteContractFailure', 'safeState'] } as const;

const AUTHORIZATION = polled(ID, 'Authorization', 'AuthorizationRes', 'V2G_EVCC_Ongoing_Timeout', [
  { guard: 'authorizationRefused', target: '#iso20-evcc.SessionStop', actions: ['noteRefusal', 'safeState'] },
  { guard: 'authorizationGranted', target: '#iso20-evcc.ServiceDiscovery' },
]);

/** Between two loop requests: what loopDecision (iso20-evcc-loop.ts) says. Every stop goes through PowerDelivery(Stop). */
const LOOP_BETWEEN = [
  { guard: loopNext('stop'), target: STOP, actions: ['noteLoopEnd', 'actedOnNotification'] },
  { guard: loopNext('scheduleRenegotiation'), target: '#iso20-evcc.PowerDeliveryScheduleRenegotiation', actions: 'actedOnNotification' },
  { guard: loopNext('meteringConfirmation'), target: 'MeteringConfirmation', actions: 'actedOnNotification' },
  { guard: loopNext('standby'), target: '#iso20-evcc.PowerDeliveryStandby' },
  { guard: loopNext('exitStandby'), target: '#iso20-evcc.PowerDeliveryStart', actions: ['wantExitStandby', 'actedOnNotification'] },
] as const;

const LOOP_ANSWERED = [{ target: 'Pause', actions: ['recordLoop', 'noteNotification', 'meterEnergy', 'reportCharging'] }] as const;

/** MeteringConfirmation inside the loop, when the SECC notified it and a MeterInfo came to confirm. */
const METERING_CONFIRMATION = {
  MeteringConfirmation: requestStep(ID, 'MeteringConfirmation', { MeteringConfirmationRes: { target: 'Pause', actions: 'countMeteringConfirmation' } }),
} as const;

export const iso20EvccMachine = iso20Evcc.createMachine({
  id: ID,
  context: ({ input }) => initialIso20EvccContext(input),
  output: ({ context }) => {
    const energy = energyAt(context.energy, context.input.clock.now());
    return { ...evccOutcome(context), energyWh: energy.chargedWh, energyDischargedWh: energy.dischargedWh };
  },
  on: {
    ...rootTransitions(),
    'ev.pause': { actions: 'wantPause' },
    'ev.renegotiate': { actions: 'wantScheduleRenegotiation' },
    'ev.renegotiateService': { actions: 'wantServiceRenegotiation' },
    'ev.standby': { actions: 'wantStandby' },
    'ev.exitStandby': { actions: 'wantExitStandby' },
    // Only the Authorization step asks the vehicle's keys for anything, so only there can they fail.
    'contract.failed': CONTRACT_FAILED,
  },
  initial: 'SessionSetup',
  states: {
    SessionSetup: requestStep(ID, 'SessionSetup', {
      SessionSetupRes: [{ guard: 'resumingAtChargeParameters', target: 'ChargeParameterDiscovery' }, { target: 'AuthorizationSetup' }],
    }),
    AuthorizationSetup: requestStep(ID, 'AuthorizationSetup', {
      AuthorizationSetupRes: [
        { guard: 'authorizationNotOffered', ...END_BEFORE_CHARGING },
        { target: 'Authorization', actions: 'recordAuthorizationSetup' },
      ],
    }),
    // EIM sends its request at once. PnC: the runner signs it first (Sign); without a contract the request is
    // CertificateInstallationReq, signed by the OEM provisioning key and polled like AuthorizationReq, and the runner
    // checks, decrypts and stores the contract (Install) before the contract signs AuthorizationReq. One step, so its
    // Ongoing timer also bounds the keys' work (decided without the standard's text).
    Authorization: {
      initial: 'Sign',
      after: AUTHORIZATION.after,
      states: {
        Sign: {
          entry: 'askSignature',
          always: { guard: 'authorizedByEim', target: 'Request' },
          on: { 'contract.signed': { target: 'Request', actions: 'recordSignature' } },
        },
        Request: requestStep(ID, 'Authorization', {
          AuthorizationRes: [{ guard: 'contractDelivered', target: 'Install', actions: 'askInstall' }, ...AUTHORIZATION.states.Request.on.AuthorizationRes],
        }),
        Pause: AUTHORIZATION.states.Pause,
        Install: { on: { 'contract.installed': { target: 'Sign', actions: 'recordContract' } } },
      },
    },
    ServiceDiscovery: requestStep(ID, 'ServiceDiscovery', {
      ServiceDiscoveryRes: [
        { guard: 'serviceNotOffered', ...END_BEFORE_CHARGING },
        { target: 'ServiceDetail', actions: 'recordServices' },
      ],
    }),
    ServiceDetail: requestStep(ID, 'ServiceDetail', {
      ServiceDetailRes: [
        { guard: 'noParameterSet', ...END_BEFORE_CHARGING },
        { guard: 'moreServiceDetails', target: 'ServiceDetail', reenter: true, actions: 'recordServiceDetail' },
        { target: 'ServiceSelection', actions: 'recordServiceDetail' },
      ],
    }),
    ServiceSelection: requestStep(ID, 'ServiceSelection', { ServiceSelectionRes: 'ChargeParameterDiscovery' }),
    ChargeParameterDiscovery: requestStep(ID, 'ChargeParameterDiscovery', {
      ChargeParameterDiscoveryRes: [
        { guard: 'chargeParametersUnusable', ...END_BEFORE_CHARGING },
        { target: 'ScheduleExchange' },
      ],
    }),
    ScheduleExchange: polled(ID, 'ScheduleExchange', 'ScheduleExchangeRes', 'V2G_EVCC_Ongoing_Timeout', [
      { guard: scheduleNext('stopThenPause'), target: STOP, actions: { type: 'stopAs', params: { kind: 'Pause' } } },
      { guard: scheduleNext('end'), ...END_BEFORE_CHARGING },
      { guard: scheduleNext('cableCheck'), target: '#iso20-evcc.CableCheck', actions: 'recordSchedule' },
      { guard: scheduleNext('powerDelivery'), target: '#iso20-evcc.PowerDeliveryStart', actions: 'recordSchedule' },
    ]),
    CableCheck: cableCheck(ID, [{ guard: 'evseProcessingFinished', target: '#iso20-evcc.PreCharge' }]),
    PreCharge: preCharge(ID),
    // AC: CP state C with the request; DC is in C since CableCheck. A stop asked here is noted and taken from the
    // loop's first answer, as in ISO 15118-2.
    PowerDeliveryStart: requestStep(ID, 'PowerDeliveryStart', {
      PowerDeliveryRes: [
        { target: 'ChargeLoop', actions: ['endRenegotiation', 'leaveStandby', 'noteNotification'] },
      ],
    }, [vehicleCommand({ type: 'controlPilot', state: 'C' })]),
    ChargeLoop: chargeLoop(ID, 'ChargeLoop', 'ChargeLoopRes', LOOP_ANSWERED, LOOP_BETWEEN, METERING_CONFIRMATION),
    // Standby: the energy off while the loop goes on at zero power, until ExitStandby or the EV's own wish
    // (decided without the standard's text: the SECC notifies ExitStandby in a loop response, so the loop runs).
    PowerDeliveryStandby: requestStep(ID, 'PowerDeliveryStandby', {
      PowerDeliveryRes: [
        { guard: 'standbyNotAllowed', target: 'ChargeLoop', actions: ['refuseStandby', 'noteNotification'] },
        { target: 'ChargeLoop', actions: ['enterStandby', 'noteNotification'] },
      ],
    }),
    PowerDeliveryScheduleRenegotiation: requestStep(ID, 'PowerDeliveryScheduleRenegotiation', { PowerDeliveryRes: 'ScheduleExchange' }, ['startRenegotiation']),
    // The energy counted up to the stop, the power brought to zero, then PowerDelivery(Stop) and DC's WeldingDetection.
    ...powerDeliveryStop(ID, ['stopDrawing', 'meterStop']),
    ...finalStates(ID, [
      { guard: { type: 'stoppingAs', params: { kind: 'Pause' } }, target: 'Paused' },
      { guard: { type: 'stoppingAs', params: { kind: 'ServiceRenegotiation' } }, target: 'ServiceDiscovery', actions: 'beginServiceRenegotiation' },
    ]),
    Paused: PAUSED,
  },
});
