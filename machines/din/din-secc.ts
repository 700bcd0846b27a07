/**
 * The DIN SPEC 70121 SECC (DC, EIM): the charger's side of the session, started once the supportedAppProtocol handshake
 * chose DIN. Its states are DIN SPEC 70121's SECC states as EVerest names them (`din_states[]`), in PascalCase; each
 * accepts the requests of its row, answers them from the power module's EvseStatus that came with the request and asks
 * the power module for what the request implies (isolation test, precharge, contactors, current).
 *
 * A request out of sequence gets the response of its type with FAILED_SequenceError [V2G2-539 equivalent], one with
 * another session's SessionID gets FAILED_UnknownSession; either way, and on V2G_SECC_Sequence_Timeout (from each
 * response to the next request, ../session/sequence-timeout.ts), the SECC stops the power module, emits
 * `channel.close` and ends `failed`.
 */
import { and, assign, emit, enqueueActions, setup } from 'xstate';
import type { EvseStatus, PowerCommand } from '../../adapters/evse.js';
import type { responseCodeType } from '../../codecs/exi/generated/din.types.js';
import type { ChannelCommand, PowerCommandEvent, SeccChannelEvent, SessionOutcome } from '../session/session-events.js';
import { v2gDocument, type SchemaDocument } from '../../codecs/exi/v2g-document.js';
import { fromPhysicalValue } from '../session/physical-value.js';
import { dcGrant, type DcTargets, type EvTargetFields } from '../session/evse-limits.js';
import {
  deadlineAhead,
  enteredOn,
  initialSequence,
  pushedBack,
  rearmed,
  sequenceTimed,
  sequenceTimedLoop,
  timerDelay,
  type SequenceTimeout,
} from '../session/sequence-timeout.js';
import { communicationSetupLeft, communicationSetupTimed } from '../session/communication-setup.js';
import { dinEvseId } from './evse-id.js';
import type { DinSeccInput } from './din-input.js';
import { bodyName, dinMessage, isFailed, isRequestName, ofSession, type DinMessage } from './din-messages.js';
import { closeReason, sessionOutcome } from './outcome.js';
import { channelEndReason, receivedBody } from './received.js';
import { failedAnswer, isolationCheckDone, seccAnswer, type SeccAnswer, type SeccRequestName, type SeccResponseContext } from './din-secc-responses.js';

export type DinSeccEvent = SeccChannelEvent<SchemaDocument<'din', DinMessage>>;
export type DinSeccEmitted = ChannelCommand<SchemaDocument<'din', DinMessage>> | PowerCommandEvent;

export interface DinSeccContext {
  readonly settings: DinSeccInput;
  readonly evseId: Uint8Array;
  /** SessionSetupRes has been sent: from now on every request must carry `settings.newSessionId`. */
  readonly established: boolean;
  /** EVMaximumVoltageLimit from ChargeParameterDiscoveryReq: the isolation test voltage must not exceed it. */
  readonly evMaximumVoltage?: number;
  readonly sequence: SequenceTimeout;
  readonly failure?: string;
  /** The failure was told to the EV in a FAILED response, which it may still read before closing. */
  readonly failureAnswered?: boolean;
}

function sequenceTimeout(context: DinSeccContext): number {
  return context.settings.timing.session.V2G_SECC_Sequence_Timeout;
}

/** The power module's status that came with a received request. */
function evseOf(event: DinSeccEvent): EvseStatus | undefined {
  return event.type === 'channel.received' ? event.evse : undefined;
}

/** The EV's targets in `request` within the power module's limits that came with it: never more than the stage can do. */
function grantedTargets(event: DinSeccEvent, request: EvTargetFields | undefined): DcTargets {
  const evse = evseOf(event);
  if (request === undefined || evse === undefined) return { voltage: 0, current: 0 };
  const { voltage, current } = dcGrant(request, evse);
  return { voltage, current };
}

function responseContext(context: DinSeccContext, evse: EvseStatus): SeccResponseContext {
  return { settings: context.settings, evseId: context.evseId, evse };
}

/** The answer to a received request the SECC accepts somewhere; undefined for anything else. */
function receivedAnswer(context: DinSeccContext, event: DinSeccEvent): SeccAnswer | undefined {
  return event.type === 'channel.received' ? seccAnswer(event.message.document, responseContext(context, event.evse)) : undefined;
}

/** The answer to the request an `answer` transition took: its guard made sure the event carries one the SECC accepts. */
function answerOf(context: DinSeccContext, event: DinSeccEvent): SeccAnswer {
  const answer = receivedAnswer(context, event);
  if (answer === undefined) throw new Error(`'answer' taken on ${event.type} without a request the SECC answers`);
  return answer;
}

const seccSetup = setup({
  types: {
    context: {} as DinSeccContext,
    events: {} as DinSeccEvent,
    emitted: {} as DinSeccEmitted,
    input: {} as DinSeccInput,
    output: {} as SessionOutcome,
  },
  delays: {
    V2G_SECC_Sequence_Timeout: ({ context }) => timerDelay(context.sequence),
    V2G_SECC_CommunicationSetup_Performance_Time: ({ context }) => communicationSetupLeft(context.settings),
  },
  guards: {
    /** A `name` request of this session (SessionSetupReq opens one, so its SessionID is not checked). */
    request: ({ context, event }, params: { name: SeccRequestName }) =>
      event.type === 'channel.received'
      && bodyName(event.message.document) === params.name
      && (params.name === 'SessionSetupReq' || ofSession(event.message.document, context.settings.newSessionId)),
    answerFails: ({ context, event }) => {
      const answer = receivedAnswer(context, event);
      return answer !== undefined && isFailed(answer.code);
    },
    authorized: ({ event }) => evseOf(event)?.authorized === true,
    /** The power module has no energy to give now: it asks the EV to stop before the cable check. */
    noEnergy: ({ event }) => evseOf(event)?.notification === 'StopCharging',
    isolationCheckDone: ({ event }) => {
      const evse = evseOf(event);
      return evse !== undefined && isolationCheckDone(evse);
    },
    isolationCheckIdle: ({ event }) => {
      const evse = evseOf(event);
      return evse !== undefined && !evse.isolationCheckRunning && evse.isolation === 'Invalid';
    },
    readyToCharge: ({ event }) => receivedBody(event)?.PowerDeliveryReq?.ReadyToChargeState === true,
    // [V2G2-460 equivalent]: every request after SessionSetup carries the SessionID the SECC gave.
    unknownSession: ({ context, event }) =>
      event.type === 'channel.received'
      && context.established
      && bodyName(event.message.document) !== 'SessionSetupReq'
      && !ofSession(event.message.document, context.settings.newSessionId),
    carriesRequest: ({ event }) => event.type === 'channel.received' && isRequestName(bodyName(event.message.document)),
    deadlineAhead: ({ context }) => deadlineAhead(context.sequence),
  },
  actions: {
    // The guards chose the transition by this answer's code: a FAILED one goes with `noteFailedAnswer`.
    answer: emit(({ context, event }) => ({ type: 'channel.send' as const, message: v2gDocument('din', dinMessage(context.settings.newSessionId, answerOf(context, event).body)) })),
    noteFailedAnswer: assign({
      failure: ({ context, event }) => {
        const answer = answerOf(context, event);
        return `${answer.code} in ${answer.name}`;
      },
      failureAnswered: true,
    }),
    answerFailed: enqueueActions(({ context, event, enqueue }, params: { code: responseCodeType }) => {
      if (event.type !== 'channel.received') return;
      const request = bodyName(event.message.document);
      if (!isRequestName(request)) return;
      const answer = failedAnswer(request, params.code, responseContext(context, event.evse));
      enqueue.emit({ type: 'channel.send', message: v2gDocument('din', dinMessage(context.settings.newSessionId, answer.body)) });
      enqueue.assign({ failure: `${params.code} in ${answer.name} to ${request}`, failureAnswered: true });
    }),
    establish: assign({ established: true }),
    armSequenceTimeout: assign({ sequence: ({ context, event }) => enteredOn(context.sequence, event, sequenceTimeout(context)) }),
    pushBackSequenceTimeout: assign({ sequence: ({ context, event }) => pushedBack(context.sequence, event, sequenceTimeout(context)) }),
    rearmSequenceTimeout: assign({ sequence: ({ context }) => rearmed(context.sequence) }),
    storeEvLimits: assign({
      evMaximumVoltage: ({ context, event }) => {
        const limit = receivedBody(event)?.ChargeParameterDiscoveryReq?.DC_EVChargeParameter?.EVMaximumVoltageLimit;
        return limit === undefined ? context.evMaximumVoltage : fromPhysicalValue(limit);
      },
    }),
    // The test runs at the lower of both maximum voltages, so it never stresses the EV beyond its limit.
    startIsolationCheck: emit(({ context, event }) => {
      const maxVoltage = evseOf(event)?.maxVoltage ?? 0;
      const voltage = Math.min(context.evMaximumVoltage ?? maxVoltage, maxVoltage);
      return { type: 'evse.command' as const, command: { type: 'isolationCheck' as const, voltage } };
    }),
    precharge: emit(({ event }) => {
      const command: PowerCommand = { type: 'precharge', ...grantedTargets(event, receivedBody(event)?.PreChargeReq) };
      return { type: 'evse.command' as const, command };
    }),
    deliver: emit(({ event }) => {
      const command: PowerCommand = { type: 'deliver', ...grantedTargets(event, receivedBody(event)?.CurrentDemandReq) };
      return { type: 'evse.command' as const, command };
    }),
    commandPower: emit((_, command: PowerCommand) => ({ type: 'evse.command' as const, command })),
    fail: assign({ failure: (_, params: { reason: string }) => params.reason }),
    failOnMessage: assign({
      failure: ({ event }) =>
        (event.type === 'channel.received' ? `${bodyName(event.message.document) ?? 'an empty Body'} is no request; closed without answer` : undefined),
    }),
    failOnChannel: assign({ failure: ({ event }) => channelEndReason(event) }),
    // After the final response (SessionStopRes or a FAILED one) the EV closes first; after
    // a failure that had no answer (a timeout, a broken message, the connection's end) the SECC closes at once.
    closeChannel: emit(({ context }) => ({
      type: 'channel.close' as const,
      reason: closeReason(context.failure),
      afterPeer: context.failure === undefined || context.failureAnswered === true,
    })),
  },
});

type SeccState = NonNullable<Parameters<typeof seccSetup.createMachine>[0]['states']>[string];
type SeccTransition = Exclude<NonNullable<NonNullable<SeccState['on']>['channel.received']>, string | readonly unknown[]>;

const FAILED = '#din-secc.Failed';

function request(name: SeccRequestName) {
  return { type: 'request', params: { name } } as const;
}

function power(command: PowerCommand) {
  return { type: 'commandPower', params: command } as const;
}

const SEQUENCE_TIMEOUT = { target: FAILED, actions: { type: 'fail', params: { reason: 'V2G_SECC_Sequence_Timeout' } } } as const;

/** A state waiting for the EV's next request, for at most V2G_SECC_Sequence_Timeout since the last response. */
function waiting(transitions: readonly SeccTransition[]): SeccState {
  return { ...sequenceTimed(SEQUENCE_TIMEOUT), on: { 'channel.received': [...transitions] } };
}

/**
 * State `name`, a waiting state with a request that keeps the session in it (`PUSH_BACK`): its timer, when it
 * fires before the pushed-back deadline, is armed again for the rest.
 */
function looping(name: string, transitions: readonly SeccTransition[]): SeccState {
  return { ...sequenceTimedLoop(name, SEQUENCE_TIMEOUT), on: { 'channel.received': [...transitions] } };
}

/** The action of a request answered without leaving the state. */
const PUSH_BACK = 'pushBackSequenceTimeout';

/** The answer to a request whose content the SECC refuses (FAILED_PaymentSelectionInvalid, ...) ends the session. */
function refused(name: SeccRequestName): SeccTransition {
  return { guard: and([request(name), 'answerFails']), target: FAILED, actions: ['answer', 'noteFailedAnswer'] };
}

/** The output off and open, after PowerDelivery(ReadyToChargeState=false) and on any failure. */
const STOP_AND_OPEN = [power({ type: 'stop' }), power({ type: 'contactors', closed: false })] as const;

/** SessionStopReq, accepted in the states before the charge loop and after it, as EVerest's din_states[] do. */
const sessionStop: SeccTransition = {
  guard: request('SessionStopReq'),
  target: '#din-secc.Stopped',
  actions: ['answer', power({ type: 'stop' })],
};

const answerFailed = (code: responseCodeType) => ({ type: 'answerFailed', params: { code } }) as const;

export const dinSeccMachine = seccSetup.createMachine({
  id: 'din-secc',
  context: ({ input }) => ({
    settings: input,
    evseId: dinEvseId(input.evseId),
    established: false,
    sequence: initialSequence(input.timing.session.V2G_SECC_Sequence_Timeout),
  }),
  initial: 'WaitForSessionSetup',
  on: {
    'channel.received': [
      { guard: 'unknownSession', target: '.Failed', actions: answerFailed('FAILED_UnknownSession') },
      { guard: 'carriesRequest', target: '.Failed', actions: answerFailed('FAILED_SequenceError') },
      { target: '.Failed', actions: 'failOnMessage' },
    ],
    'channel.closed': { target: '.Failed', actions: 'failOnChannel' },
    'channel.invalid': { target: '.Failed', actions: 'failOnChannel' },
  },
  states: {
    WaitForSessionSetup: communicationSetupTimed(
      waiting([{ guard: request('SessionSetupReq'), target: 'WaitForServiceDiscovery', actions: ['answer', 'establish'] }]),
      { target: FAILED, actions: { type: 'fail', params: { reason: 'V2G_SECC_CommunicationSetup_Performance_Time: no SessionSetupReq' } } },
    ),
    WaitForServiceDiscovery: waiting([
      { guard: request('ServiceDiscoveryReq'), target: 'WaitForServicePaymentSelection', actions: 'answer' },
      sessionStop,
    ]),
    WaitForServicePaymentSelection: waiting([
      refused('ServicePaymentSelectionReq'),
      { guard: request('ServicePaymentSelectionReq'), target: 'WaitForContractAuthentication', actions: 'answer' },
      sessionStop,
    ]),
    WaitForContractAuthentication: looping('WaitForContractAuthentication', [
      {
        guard: and([request('ContractAuthenticationReq'), 'authorized']),
        target: 'WaitForChargeParameterDiscovery',
        actions: 'answer',
      },
      { guard: request('ContractAuthenticationReq'), actions: ['answer', PUSH_BACK] },
      sessionStop,
    ]),
    WaitForChargeParameterDiscovery: waiting([
      refused('ChargeParameterDiscoveryReq'),
      // No energy: the answer carries EVSENotification=StopCharging and only SessionStopReq may follow, as EVerest's
      // no-energy pause (IEC 61851-23:2023 CC.5.3.2); otherwise the cable check [V2G-DC-453].
      { guard: and([request('ChargeParameterDiscoveryReq'), 'noEnergy']), target: 'WaitForSessionStop', actions: ['answer', 'storeEvLimits'] },
      { guard: request('ChargeParameterDiscoveryReq'), target: 'WaitForCableCheck', actions: ['answer', 'storeEvLimits'] },
      sessionStop,
    ]),
    WaitForCableCheck: looping('WaitForCableCheck', [
      { guard: and([request('CableCheckReq'), 'isolationCheckDone']), target: 'WaitForPreCharge', actions: 'answer' },
      { guard: and([request('CableCheckReq'), 'isolationCheckIdle']), actions: ['answer', 'startIsolationCheck', PUSH_BACK] },
      { guard: request('CableCheckReq'), actions: ['answer', PUSH_BACK] },
      sessionStop,
    ]),
    WaitForPreCharge: waiting([
      { guard: request('PreChargeReq'), target: 'WaitForPreChargePowerDelivery', actions: ['answer', 'precharge'] },
      sessionStop,
    ]),
    WaitForPreChargePowerDelivery: looping('WaitForPreChargePowerDelivery', [
      { guard: request('PreChargeReq'), actions: ['answer', 'precharge', PUSH_BACK] },
      {
        guard: and([request('PowerDeliveryReq'), 'readyToCharge']),
        target: 'WaitForCurrentDemand',
        actions: ['answer', power({ type: 'contactors', closed: true })],
      },
      { guard: request('PowerDeliveryReq'), target: 'WaitForWeldingDetectionSessionStop', actions: ['answer', ...STOP_AND_OPEN] },
      sessionStop,
    ]),
    // No SessionStopReq inside the charge loop: the EV ends it with PowerDelivery(ReadyToChargeState=false) first.
    WaitForCurrentDemand: waiting([
      { guard: request('CurrentDemandReq'), target: 'WaitForCurrentDemandPowerDelivery', actions: ['answer', 'deliver'] },
    ]),
    WaitForCurrentDemandPowerDelivery: looping('WaitForCurrentDemandPowerDelivery', [
      { guard: request('CurrentDemandReq'), actions: ['answer', 'deliver', PUSH_BACK] },
      { guard: and([request('PowerDeliveryReq'), 'readyToCharge']), target: 'WaitForCurrentDemand', actions: 'answer' },
      { guard: request('PowerDeliveryReq'), target: 'WaitForWeldingDetectionSessionStop', actions: ['answer', ...STOP_AND_OPEN] },
    ]),
    WaitForWeldingDetectionSessionStop: looping('WaitForWeldingDetectionSessionStop', [
      { guard: request('WeldingDetectionReq'), actions: ['answer', PUSH_BACK] },
      sessionStop,
    ]),
    WaitForSessionStop: waiting([sessionStop]),
    Stopped: { type: 'final', entry: 'closeChannel' },
    Failed: { type: 'final', entry: [...STOP_AND_OPEN, 'closeChannel'] },
  },
  output: ({ context }) => sessionOutcome(context.failure, context.settings.newSessionId),
});

