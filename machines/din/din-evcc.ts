/**
 * The DIN SPEC 70121 EVCC (DC, EIM): the vehicle's side of the session from SessionSetup to SessionStop, started once
 * the supportedAppProtocol handshake chose DIN. Its chart is DIN's sequence of the EVCC kit's blocks
 * (../session/evcc/): the request step under V2G_EVCC_Msg_Timeout, the polled phases under their timers, the paced
 * charge loop, the response check at the root, the endings.
 *
 * A stop the EVSE asks takes the normal way out from where the EV is: before energy was asked for, straight to
 * SessionStop, the vehicle made safe; after PowerDeliveryRes the SECC takes only CurrentDemandReq, so the EV sends one
 * and leaves the loop on its answer; in the loop, PowerDelivery stop and WeldingDetection first ([V2G-DC-459]). The
 * EV's targets stay within the EVSE's limits (../session/evse-limits.ts), and a charger that cannot charge the vehicle
 * is left the same normal way.
 */
import { assign, setup } from 'xstate';
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session/session-events.js';
import {
  cableCheck, chargeLoop, evseStopsBeforeCharging, finalStates, polled, preCharge, repeated, requestStep, rootTransitions, vehicleCommand,
} from '../session/evcc/evcc-blocks.js';
import { evccKit, evccKitDelays } from '../session/evcc/evcc-kit-actions.js';
import { prechargeDone, weldingDetectionDone } from '../session/evcc/dc-checks.js';
import { evccOutcome } from '../session/evcc/evcc-outcome.js';
import { UNKNOWN_EVSE } from '../session/evcc/evse-view-after.js';
import type { EvccStep } from './din-evcc-requests.js';
import type { DinEvccInput } from './din-input.js';
import type { DinChannelMessage } from './din-messages.js';
import { DIN_EVCC_ADAPTER, type DinEvccContext, type DinResponseEvent } from './evcc/din-evcc-adapter.js';

export type DinEvccEvent = ChannelEvent<DinChannelMessage> | VehicleEvent | DinResponseEvent;
export type DinEvccEmitted = ChannelCommand<DinChannelMessage> | VehicleCommandEvent;
export type { DinEvccContext } from './evcc/din-evcc-adapter.js';

const kit = evccKit<DinEvccContext, DinEvccEvent, DinResponseEvent, DinChannelMessage, BodyType, EvccStep>(DIN_EVCC_ADAPTER);

const dinEvcc = setup({
  types: {
    context: {} as DinEvccContext,
    events: {} as DinEvccEvent,
    emitted: {} as DinEvccEmitted,
    input: {} as DinEvccInput,
    output: {} as SessionOutcome,
  },
  delays: evccKitDelays,
  guards: {
    ...kit.guards,
    offersExternalPayment: ({ event }) =>
      event.type === 'ServiceDiscoveryRes' && event.body.PaymentOptions.PaymentOption.includes('ExternalPayment'),
    prechargeDone: ({ context }) => prechargeDone(context.evse, context.vehicle, context.input.prechargeTolerance),
    weldingDetectionDone: ({ context }) =>
      weldingDetectionDone(context.evse, context.sent?.count ?? 0, {
        voltage: context.input.weldingDetectionVoltage,
        maxRequests: context.input.weldingDetectionMaxRequests,
      }),
  },
  actions: {
    ...kit.actions,
    storeServiceId: assign({
      serviceId: ({ context, event }) => (event.type === 'ServiceDiscoveryRes' ? event.body.ChargeService.ServiceTag.ServiceID : context.serviceId),
    }),
  },
});

const ID = 'din-evcc';

const EVSE_STOPS_BEFORE_CHARGING = evseStopsBeforeCharging(ID);

export const dinEvccMachine = dinEvcc.createMachine({
  id: ID,
  context: ({ input }) => ({ input, vehicle: input.vehicle, serviceId: 0, evse: UNKNOWN_EVSE }),
  initial: 'SessionSetup',
  on: rootTransitions(),
  states: {
    SessionSetup: requestStep(ID, 'SessionSetup', { SessionSetupRes: 'ServiceDiscovery' }),
    ServiceDiscovery: requestStep(ID, 'ServiceDiscovery', {
      ServiceDiscoveryRes: [
        { guard: 'offersExternalPayment', target: 'ServicePaymentSelection', actions: 'storeServiceId' },
        { target: 'Failed', actions: { type: 'fail', params: { reason: 'ServiceDiscoveryRes without ExternalPayment, the only payment DIN has' } } },
      ],
    }),
    ServicePaymentSelection: requestStep(ID, 'ServicePaymentSelection', { ServicePaymentSelectionRes: 'ContractAuthentication' }),
    ContractAuthentication: polled(ID, 'ContractAuthentication', 'ContractAuthenticationRes', 'V2G_EVCC_Ongoing_Timeout', [
      { guard: 'evseProcessingFinished', target: '#din-evcc.ChargeParameterDiscovery' },
    ]),
    ChargeParameterDiscovery: polled(ID, 'ChargeParameterDiscovery', 'ChargeParameterDiscoveryRes', 'V2G_EVCC_Ongoing_Timeout', [
      EVSE_STOPS_BEFORE_CHARGING,
      { guard: 'evseCannotCharge', target: '#din-evcc.SessionStop', actions: ['noteShortfall', 'safeState'] },
      { guard: 'evseProcessingFinished', target: '#din-evcc.CableCheck' },
    ]),
    CableCheck: cableCheck(ID, [{ guard: 'evseProcessingFinished', target: '#din-evcc.PreCharge' }]),
    PreCharge: preCharge(ID),
    // A stop asked here is noted and taken from the loop's first answer: after PowerDeliveryRes the SECC takes only
    // CurrentDemandReq (its WaitForCurrentDemand).
    PowerDeliveryStart: requestStep(ID, 'PowerDeliveryStart', {
      PowerDeliveryRes: [{ guard: 'evseAsksStop', target: 'CurrentDemand', actions: 'noteEvseStop' }, { target: 'CurrentDemand' }],
    }),
    CurrentDemand: {
      ...chargeLoop(ID, 'CurrentDemand', 'CurrentDemandRes', [
        { guard: 'evseAsksStop', target: '#din-evcc.PowerDeliveryStop', actions: 'noteEvseStop' },
        { guard: 'evseCannotCharge', target: '#din-evcc.PowerDeliveryStop', actions: 'noteShortfall' },
        { guard: 'evseEnded', target: '#din-evcc.PowerDeliveryStop' },
        { guard: 'evWantsStop', target: '#din-evcc.PowerDeliveryStop' },
        { target: 'Pause', actions: 'reportCharging' },
      ], []),
      // Leaving the loop, whatever the way, the vehicle stops counting energy (exit actions run before a transition's).
      exit: 'stopDrawing',
    },
    PowerDeliveryStop: requestStep(ID, 'PowerDeliveryStop', {
      PowerDeliveryRes: {
        target: 'WeldingDetection',
        actions: [vehicleCommand({ type: 'contactors', closed: false }), vehicleCommand({ type: 'controlPilot', state: 'B' })],
      },
    }),
    WeldingDetection: repeated(ID, 'WeldingDetection', 'WeldingDetectionRes', [{ guard: 'weldingDetectionDone', target: '#din-evcc.SessionStop' }]),
    ...finalStates(ID, []),
  },
  output: ({ context }) => evccOutcome(context),
});
