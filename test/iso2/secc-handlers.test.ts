/**
 * The ISO 15118-2 SECC handlers alone, pure (machines/iso2/secc/handlers/): a table of the session's facts (what the
 * state has learnt, the EVSE's snapshot, the verdicts asked outside) × a request, and the answer the kit gets. The
 * chart's tests drive the same handlers through the machine.
 */
import { test } from 'uvu';
import type { EvseStatus } from '../../adapters/evse.js';
import type { BodyType as Iso2Body } from '../../codecs/exi/generated/iso2.types.js';
import { answerTo } from '../../machines/iso2/secc/iso2-secc-handlers.js';
import { initialIso2Facts, type Iso2SeccFacts } from '../../machines/iso2/secc-context.js';
import type { SeccPending } from '../../machines/session/secc/secc-pending.js';
import { ACCEPTED, check, REFUSED, type Expected } from '../session/secc-answer-check.js';
import { A, EVSE as ISO2_EVSE, seccInput as iso2Input, SESSION_ID as ISO2_SESSION, V, W } from './wiring.js';

const EV_STATUS = { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: 40 } as const;
const DC_PARAMETERS: Iso2Body = {
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: 'DC_extended',
    DC_EVChargeParameter: { DC_EVStatus: EV_STATUS, EVMaximumCurrentLimit: A(200), EVMaximumVoltageLimit: V(450), EVMaximumPowerLimit: W(8000) },
  },
};

type Iso2Row = readonly [string, Iso2Body, Partial<Iso2SeccFacts> & { readonly evse?: EvseStatus; readonly pending?: SeccPending }, Expected | undefined];

const ISO2_ROWS: readonly Iso2Row[] = [
  ['EIM chosen: the authorization is asked', { PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } }, {}, { code: 'OK', asks: true }],
  ['not identified, no verdict yet', { AuthorizationReq: {} }, { evse: { ...ISO2_EVSE, authorized: false } }, { code: 'OK', processing: 'Ongoing_WaitingForCustomerInteraction' }],
  ['accepted by the backend', { AuthorizationReq: {} }, { evse: { ...ISO2_EVSE, authorized: false }, pending: ACCEPTED }, { code: 'OK', processing: 'Finished' }],
  ['refused by the backend', { AuthorizationReq: {} }, { evse: { ...ISO2_EVSE, authorized: false }, pending: REFUSED }, { code: 'FAILED', processing: 'Finished' }],
  ['DC parameters: to the cable check', DC_PARAMETERS, {}, { code: 'OK', processing: 'Finished', route: 'dc' }],
  ['DC parameters after a renegotiation: to PowerDelivery', DC_PARAMETERS, { renegotiating: true }, { code: 'OK', processing: 'Finished', route: 'renegotiated' }],
  ['no power to offer yet: Ongoing, no route', DC_PARAMETERS, { evse: { ...ISO2_EVSE, maxPower: 0 } }, { code: 'OK', processing: 'Ongoing', route: undefined }],
  ['PowerDelivery Start in DC: no contactor command (CurrentDemand follows)', { PowerDeliveryReq: { ChargeProgress: 'Start', SAScheduleTupleID: 1 } }, { mode: 'dc' }, { code: 'OK', route: 'dc.Start', commands: [], update: { renegotiating: false } }],
  ['PowerDelivery Renegotiate', { PowerDeliveryReq: { ChargeProgress: 'Renegotiate', SAScheduleTupleID: 1 } }, { mode: 'dc' }, { code: 'OK', route: 'Renegotiate' }],
  ['PowerDelivery with a tuple never offered', { PowerDeliveryReq: { ChargeProgress: 'Start', SAScheduleTupleID: 7 } }, {}, { code: 'FAILED_TariffSelectionInvalid' }],
  ['SessionStop Pause', { SessionStopReq: { ChargingSession: 'Pause' } }, {}, { code: 'OK', route: 'Pause', commands: [{ type: 'stop' }, { type: 'contactors', closed: false }] }],
  ['MeteringReceipt without a contract (EIM): out of sequence', { MeteringReceiptReq: { SessionID: ISO2_SESSION, MeterInfo: { MeterID: 'm' } } }, {}, { code: 'FAILED_SequenceError' }],
  ['a request no SECC answers', { SessionSetupRes: { ResponseCode: 'OK', EVSEID: 'x' } } as unknown as Iso2Body, {}, undefined],
];

test('ISO 15118-2: each handler from a table of facts × request', () => {
  const input = iso2Input();
  for (const [row, body, { evse = ISO2_EVSE, pending = {}, ...facts }, expected] of ISO2_ROWS) {
    const [name, request] = Object.entries(body)[0]!;
    const answer = answerTo(name, request as object, { ...initialIso2Facts(input), ...facts, input, sessionId: ISO2_SESSION, evse, pending }, { sessionId: ISO2_SESSION });
    check(answer, expected, row);
  }
});

test.run();
