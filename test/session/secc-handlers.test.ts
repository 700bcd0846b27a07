/**
 * The SECC handlers alone, pure: a table per protocol of the session's facts (what the state has learnt, the EVSE's
 * snapshot, the verdicts asked outside) × a request, and the answer the kit gets: ResponseCode, EVSEProcessing, the
 * route the chart takes, the power commands, the question asked, the facts left. The charts' tests drive the same
 * handlers through the machines.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvseStatus } from '../../adapters/evse.js';
import type { BodyType as DinBody } from '../../codecs/exi/generated/din.types.js';
import type { BodyType as Iso2Body } from '../../codecs/exi/generated/iso2.types.js';
import { initialDinFacts, seccAnswer, type DinSeccFacts } from '../../machines/din/din-secc-responses.js';
import { bodyName } from '../../machines/din/din-messages.js';
import type { EvccStep } from '../../machines/din/din-evcc-requests.js';
import { answerTo } from '../../machines/iso2/iso2-secc-responses.js';
import { initialIso2Facts, type Iso2SeccFacts } from '../../machines/iso2/secc-context.js';
import type { SeccAnswer } from '../../machines/session/secc/secc-answer.js';
import type { SeccPending } from '../../machines/session/secc/secc-pending.js';
import { EVSE as DIN_EVSE, evRequest, seccInput as dinInput, SESSION_ID as DIN_SESSION } from '../din/harness.js';
import { A, EVSE as ISO2_EVSE, seccInput as iso2Input, SESSION_ID as ISO2_SESSION, V, W } from '../iso2/wiring.js';

/** What a table row expects of an answer; a field left out is not checked. */
interface Expected {
  readonly code: string;
  readonly processing?: string;
  readonly route?: string;
  readonly commands?: readonly object[];
  readonly asks?: boolean;
  readonly update?: object;
}

function check(answer: SeccAnswer | undefined, expected: Expected | undefined, row: string): void {
  if (expected === undefined) return assert.is(answer, undefined, row);
  assert.ok(answer !== undefined, row);
  assert.is(answer.code, expected.code, row);
  const element = Object.values(answer.body)[0] as { ResponseCode: string; EVSEProcessing?: string };
  assert.is(element.ResponseCode, expected.code, `${row}: the body carries the code`);
  if (expected.processing !== undefined) assert.equal([answer.processing, element.EVSEProcessing], [expected.processing, expected.processing], row);
  if ('route' in expected) assert.is(answer.route, expected.route, row);
  if (expected.commands !== undefined) assert.equal(answer.commands ?? [], expected.commands, row);
  if (expected.asks !== undefined) assert.is(answer.ask?.kind === 'authorization', expected.asks, row);
  if (expected.update !== undefined) assert.equal(answer.update, expected.update, row);
}

const READY: EvseStatus = { ...DIN_EVSE, isolation: 'Valid', presentVoltage: 380 };
const NOT_IDENTIFIED: EvseStatus = { ...READY, authorized: false };
const ACCEPTED: SeccPending = { authorization: { kind: 'authorization', verdict: 'accepted' } };
const REFUSED: SeccPending = { authorization: { kind: 'authorization', verdict: 'refused' } };

type DinRow = readonly [string, EvccStep | DinBody, Partial<DinSeccFacts> & { readonly evse?: EvseStatus; readonly pending?: SeccPending }, Expected | undefined];

const DIN_ROWS: readonly DinRow[] = [
  ['EIM chosen: the authorization is asked', 'ServicePaymentSelection', {}, { code: 'OK', asks: true }],
  ['Contract refused, nothing asked', { ServicePaymentSelectionReq: { SelectedPaymentOption: 'Contract', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } }, {}, { code: 'FAILED_PaymentSelectionInvalid', asks: false }],
  ['not identified, no verdict yet', 'ContractAuthentication', { evse: NOT_IDENTIFIED }, { code: 'OK', processing: 'Ongoing' }],
  ['identified at the EVSE', 'ContractAuthentication', {}, { code: 'OK', processing: 'Finished' }],
  ['accepted by the backend', 'ContractAuthentication', { evse: NOT_IDENTIFIED, pending: ACCEPTED }, { code: 'OK', processing: 'Finished' }],
  ['refused by the backend', 'ContractAuthentication', { evse: NOT_IDENTIFIED, pending: REFUSED }, { code: 'FAILED', processing: 'Finished' }],
  ['no energy: to SessionStop', 'ChargeParameterDiscovery', { evse: { ...READY, notification: 'StopCharging' } }, { code: 'OK', route: 'noEnergy', update: { evMaximumVoltage: 450 } }],
  ['energy: to the cable check', 'ChargeParameterDiscovery', {}, { code: 'OK', route: 'cableCheck' }],
  ['no test yet: started at the lower maximum voltage', 'CableCheck', { evse: { ...READY, isolation: 'Invalid' }, evMaximumVoltage: 450 }, { code: 'OK', processing: 'Ongoing', commands: [{ type: 'isolationCheck', voltage: 450 }] }],
  ['the test running', 'CableCheck', { evse: { ...READY, isolation: 'Invalid', isolationCheckRunning: true } }, { code: 'OK', processing: 'Ongoing', commands: [] }],
  ['the test done', 'CableCheck', {}, { code: 'OK', processing: 'Finished', commands: [] }],
  ['ready to charge: contactors closed once', 'PowerDeliveryStart', {}, { code: 'OK', route: 'Start', commands: [{ type: 'contactors', closed: true }], update: { contactorsClosed: true } }],
  ['ready again: contactors already closed', 'PowerDeliveryStart', { contactorsClosed: true }, { code: 'OK', route: 'Start', commands: [] }],
  ['not ready: output off and open', 'PowerDeliveryStop', { contactorsClosed: true }, { code: 'OK', route: 'Stop', commands: [{ type: 'stop' }, { type: 'contactors', closed: false }] }],
  ['targets within the stage\'s limits', 'CurrentDemand', { evse: { ...READY, maxCurrent: 50 } }, { code: 'OK', commands: [{ type: 'deliver', voltage: 400, current: 50 }] }],
  ['a request no DIN state accepts', { ServiceDetailReq: { ServiceID: 1 } }, {}, undefined],
];

test('DIN SPEC 70121: each handler from a table of facts × request', () => {
  const input = dinInput();
  for (const [row, request, { evse = READY, pending = {}, ...facts }, expected] of DIN_ROWS) {
    const message = typeof request === 'string' ? evRequest(request).message.document : { V2G_Message: { Header: { SessionID: DIN_SESSION }, Body: request } };
    const name = bodyName(message)!;
    const answer = seccAnswer(name, message.V2G_Message.Body[name]!, { ...initialDinFacts(input), ...facts, input, sessionId: DIN_SESSION, evse, pending });
    check(answer, expected, row);
  }
});

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
  ['a Plug & Charge request an EIM SECC never accepts', { MeteringReceiptReq: { SessionID: ISO2_SESSION, MeterInfo: { MeterID: 'm' } } }, {}, undefined],
];

test('ISO 15118-2: each handler from a table of facts × request', () => {
  const input = iso2Input();
  for (const [row, body, { evse = ISO2_EVSE, pending = {}, ...facts }, expected] of ISO2_ROWS) {
    const [name, request] = Object.entries(body)[0]!;
    const answer = answerTo(name, request as object, { ...initialIso2Facts(input), ...facts, input, sessionId: ISO2_SESSION, evse, pending }, ISO2_SESSION);
    check(answer, expected, row);
  }
});

test.run();
