/**
 * The ISO 15118-2 EVCC session, AC and DC, EIM (ExternalPayment): from SessionSetupReq to SessionStopRes, after the
 * supportedAppProtocol handshake. Pure: requests and vehicle commands leave as emitted events, responses and vehicle
 * status arrive as events, the standard's timers are named delays.
 *
 * Its chart is -2's sequence of the EVCC kit's blocks (../session/evcc/): every message from the SECC is checked once,
 * at the root; a good one is raised again as an event named after its body (`AuthorizationRes`), which the state that
 * sent the request handles. An emergency in the EVSE's status ends the session at the root, at once; a stop takes the
 * normal way out of the state the EV is in. The EV's targets stay within the EVSE's limits and the schedule's PMax
 * (../session/evse-limits.ts), and a charger that cannot charge the vehicle is left the same normal way. The response
 * handlers that are -2's own live one per message in ./evcc/.
 */
import { and, assertEvent, assign, setup } from 'xstate';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session/session-events.js';
import {
  cableCheck, chargeLoop, evseStopsBeforeCharging, finalStates, polled, powerDeliveryStop, preCharge, requestStep, rootTransitions, vehicleCommand,
} from '../session/evcc/evcc-blocks.js';
import { evccKit, evccKitDelays } from '../session/evcc/evcc-kit-actions.js';
import { prechargeDone, weldingDetectionDone } from '../session/evcc/dc-checks.js';
import { evccOutcome } from '../session/evcc/evcc-outcome.js';
import {
  loopBetween, PAUSED, pauseRenegotiationActions, pauseRenegotiationGuards, wishTransitions, type EvWishEvent,
} from '../session/evcc/pause-renegotiation.js';
import { initialEvccContext, type Iso2EvccContext, type Iso2EvccInput, type Iso2EvccStep } from './evcc-context.js';
import { ISO2_EVCC_ADAPTER } from './evcc/iso2-evcc-adapter.js';
import { isolationValid } from './evcc/iso2-evcc-cable-check.js';
import { chargeParametersUsable } from './evcc/iso2-evcc-charge-parameter-discovery.js';
import { loopReceipt } from './evcc/iso2-evcc-charge-loop.js';
import { answerServiceDiscovery } from './evcc/iso2-evcc-service-discovery.js';
import type { Iso2ChannelMessage, Iso2ResponseEvent } from './iso2-messages.js';
import { pickSchedule } from './schedule.js';

export type { Iso2EvccInput } from './evcc-context.js';
export type { EvWishEvent } from '../session/evcc/pause-renegotiation.js';

/** Events the EVCC takes; `Iso2ResponseEvent`s are raised by the machine itself, never sent from outside. */
export type Iso2EvccEvent = ChannelEvent<Iso2ChannelMessage> | VehicleEvent | EvWishEvent | Iso2ResponseEvent;
export type Iso2EvccEmitted = ChannelCommand<Iso2ChannelMessage> | VehicleCommandEvent;

const DEFAULT_WELDING_DETECTION_VOLTAGE = 60;
const DEFAULT_MAX_WELDING_DETECTION_REQUESTS = 10;

const kit = evccKit<Iso2EvccContext, Iso2EvccEvent, Iso2ResponseEvent, Iso2ChannelMessage, BodyType, Iso2EvccStep>(ISO2_EVCC_ADAPTER);

function isLoopResponse(event: Iso2EvccEvent): event is Extract<Iso2ResponseEvent, { type: 'ChargingStatusRes' | 'CurrentDemandRes' }> {
  return event.type === 'ChargingStatusRes' || event.type === 'CurrentDemandRes';
}

const iso2Evcc = setup({
  types: {
    context: {} as Iso2EvccContext,
    events: {} as Iso2EvccEvent,
    emitted: {} as Iso2EvccEmitted,
    input: {} as Iso2EvccInput,
    output: {} as SessionOutcome,
  },
  delays: evccKitDelays,
  guards: {
    ...kit.guards,
    ...pauseRenegotiationGuards,
    /** The SECC must offer ExternalPayment and the EV's energy transfer mode, or there is nothing to select. */
    offerUnusable: ({ context, event }) => event.type === 'ServiceDiscoveryRes' && answerServiceDiscovery(context.input, event.body).next === 'Failed',
    wantsServiceDetail: ({ context, event }) =>
      event.type === 'ServiceDiscoveryRes' && answerServiceDiscovery(context.input, event.body).next === 'ServiceDetail',
    moreServiceDetails: ({ context }) => context.serviceDetailQueue.length > 1,
    chargeParametersUnusable: ({ context, event }) => event.type === 'ChargeParameterDiscoveryRes' && !chargeParametersUsable(context.input, event.body),
    dc: ({ context }) => context.input.mode === 'dc',
    isolationNotValid: ({ event }) => event.type === 'CableCheckRes' && !isolationValid(event.body.DC_EVSEStatus.EVSEIsolationStatus),
    prechargeDone: ({ context }) => prechargeDone(context.evse, context.vehicle, context.input.prechargeTolerance),
    receiptRequired: ({ event }) => isLoopResponse(event) && loopReceipt(event.body) === 'required',
    receiptWithoutMeterInfo: ({ event }) => isLoopResponse(event) && loopReceipt(event.body) === 'impossible',
    weldingDetectionDone: ({ context }) =>
      weldingDetectionDone(context.evse, context.sent?.count ?? 0, {
        voltage: context.input.weldingDetectionVoltage ?? DEFAULT_WELDING_DETECTION_VOLTAGE,
        maxRequests: context.input.maxWeldingDetectionRequests ?? DEFAULT_MAX_WELDING_DETECTION_REQUESTS,
      }),
  },
  actions: {
    ...kit.actions,
    ...pauseRenegotiationActions<Iso2EvccContext, Iso2EvccEvent>(),
    recordServices: assign(({ context, event }) => {
      assertEvent(event, 'ServiceDiscoveryRes');
      const answer = answerServiceDiscovery(context.input, event.body);
      return answer.next === 'Failed' ? {} : { chargeServiceId: answer.chargeServiceId, serviceDetailQueue: answer.serviceDetailQueue };
    }),
    nextServiceDetail: assign({ serviceDetailQueue: ({ context }) => context.serviceDetailQueue.slice(1) }),
    recordSchedule: assign(({ event }) => {
      assertEvent(event, 'ChargeParameterDiscoveryRes');
      return { schedule: pickSchedule(event.body.SAScheduleList) };
    }),
    recordMeterInfo: assign({ meterInfo: ({ context, event }) => (isLoopResponse(event) ? event.body.MeterInfo : context.meterInfo) }),
  },
});

const ID = 'iso2-evcc';

const EVSE_STOPS_BEFORE_CHARGING = evseStopsBeforeCharging(ID);

/** The charging loop's answers: MeteringReceipt first when the SECC asks for it. */
const LOOP_ANSWERED = [
  { guard: 'receiptWithoutMeterInfo', target: '#iso2-evcc.Failed', actions: { type: 'fail', params: { reason: 'ReceiptRequired without MeterInfo' } } },
  { guard: 'receiptRequired', target: 'Receipt', actions: ['recordMeterInfo', 'reportCharging'] },
  { target: 'Pause', actions: ['recordMeterInfo', 'reportCharging'] },
] as const;

/** MeteringReceipt inside either charging loop, when the SECC set ReceiptRequired. */
const RECEIPT = { Receipt: requestStep(ID, 'MeteringReceipt', { MeteringReceiptRes: 'Pause' }) } as const;

export const iso2EvccMachine = iso2Evcc.createMachine({
  id: ID,
  context: ({ input }) => initialEvccContext(input),
  output: ({ context }) => evccOutcome(context),
  on: {
    ...rootTransitions(),
    ...wishTransitions(),
  },
  initial: 'SessionSetup',
  states: {
    SessionSetup: requestStep(ID, 'SessionSetup', { SessionSetupRes: 'ServiceDiscovery' }),
    ServiceDiscovery: requestStep(ID, 'ServiceDiscovery', {
      ServiceDiscoveryRes: [
        {
          guard: 'offerUnusable',
          target: 'Failed',
          actions: { type: 'fail', params: { reason: 'ServiceDiscoveryRes offers no ExternalPayment or not our energy transfer mode' } },
        },
        { guard: 'wantsServiceDetail', target: 'ServiceDetail', actions: 'recordServices' },
        { target: 'PaymentServiceSelection', actions: 'recordServices' },
      ],
    }),
    ServiceDetail: requestStep(ID, 'ServiceDetail', {
      ServiceDetailRes: [
        { guard: 'moreServiceDetails', target: 'ServiceDetail', reenter: true, actions: 'nextServiceDetail' },
        { target: 'PaymentServiceSelection' },
      ],
    }),
    PaymentServiceSelection: requestStep(ID, 'PaymentServiceSelection', { PaymentServiceSelectionRes: 'Authorization' }),
    Authorization: polled(ID, 'Authorization', 'AuthorizationRes', 'V2G_EVCC_Ongoing_Timeout', [
      { guard: 'evseProcessingFinished', target: '#iso2-evcc.ChargeParameterDiscovery' },
    ]),
    ChargeParameterDiscovery: polled(ID, 'ChargeParameterDiscovery', 'ChargeParameterDiscoveryRes', 'V2G_EVCC_Ongoing_Timeout', [
      EVSE_STOPS_BEFORE_CHARGING,
      {
        guard: and(['evseProcessingFinished', 'chargeParametersUnusable']),
        target: '#iso2-evcc.Failed',
        actions: { type: 'fail', params: { reason: 'ChargeParameterDiscoveryRes Finished without SAScheduleList or EVSE parameters of our mode' } },
      },
      { guard: and(['evseProcessingFinished', 'evseCannotCharge']), target: '#iso2-evcc.SessionStop', actions: ['noteShortfall', 'safeState'] },
      // After a renegotiation DC goes straight back to PowerDelivery: the cable is checked and precharged already.
      { guard: and(['evseProcessingFinished', 'renegotiating']), target: '#iso2-evcc.PowerDeliveryStart', actions: 'recordSchedule' },
      { guard: and(['evseProcessingFinished', 'dc']), target: '#iso2-evcc.CableCheck', actions: 'recordSchedule' },
      { guard: 'evseProcessingFinished', target: '#iso2-evcc.PowerDeliveryStart', actions: 'recordSchedule' },
    ]),
    CableCheck: cableCheck(ID, [
      {
        guard: and(['evseProcessingFinished', 'isolationNotValid']),
        target: '#iso2-evcc.Failed',
        actions: { type: 'fail', params: { reason: 'CableCheckRes Finished without a valid isolation' } },
      },
      { guard: 'evseProcessingFinished', target: '#iso2-evcc.PreCharge' },
    ]),
    PreCharge: preCharge(ID),
    // AC: CP state C with the request; the SECC expects it within 250 ms of PowerDeliveryReq(Start) [V2G2-847].
    // DC is in C since CableCheck. A stop asked here is noted and taken from the loop's first answer: after
    // PowerDeliveryRes(Start) the SECC takes only the loop's request (WaitForCurrentDemand, WaitForChargingStatus).
    PowerDeliveryStart: requestStep(ID, 'PowerDeliveryStart', {
      PowerDeliveryRes: [
        { guard: and(['evseAsksStop', 'dc']), target: 'CurrentDemand', actions: ['endRenegotiation', 'noteEvseStop'] },
        { guard: 'evseAsksStop', target: 'ChargingStatus', actions: ['endRenegotiation', 'noteEvseStop'] },
        { guard: 'dc', target: 'CurrentDemand', actions: 'endRenegotiation' },
        { target: 'ChargingStatus', actions: 'endRenegotiation' },
      ],
    }, [vehicleCommand({ type: 'controlPilot', state: 'C' })]),
    CurrentDemand: chargeLoop(ID, 'CurrentDemand', 'CurrentDemandRes', LOOP_ANSWERED, loopBetween(ID), RECEIPT),
    ChargingStatus: chargeLoop(ID, 'ChargingStatus', 'ChargingStatusRes', LOOP_ANSWERED, loopBetween(ID), RECEIPT),
    PowerDeliveryRenegotiate: requestStep(ID, 'PowerDeliveryRenegotiate', { PowerDeliveryRes: 'ChargeParameterDiscovery' }, ['startRenegotiation']),
    // CP back to B within 250 ms of PowerDeliveryRes(Stop) [V2G2-848], then DC opens its contactors for WeldingDetection.
    ...powerDeliveryStop(ID, ['stopDrawing']),
    ...finalStates(ID, [{ guard: 'pausing', target: 'Paused' }]),
    Paused: PAUSED,
  },
});
