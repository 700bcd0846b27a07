/**
 * The DIN SPEC 70121 SECC handlers alone, pure (machines/din/secc/handlers/): a table of the session's facts (what the
 * state has learnt, the EVSE's snapshot, the verdicts asked outside) × a request, and the answer the kit gets. The
 * chart's tests drive the same handlers through the machine.
 */
import { test } from 'uvu';
import type { EvseStatus } from '../../adapters/evse.js';
import type { BodyType as DinBody } from '../../codecs/exi/generated/din.types.js';
import { initialDinFacts, type DinSeccFacts } from '../../machines/din/secc/din-secc-facts.js';
import { seccAnswer } from '../../machines/din/secc/din-secc-handlers.js';
import { bodyName } from '../../machines/din/din-messages.js';
import type { EvccStep } from '../../machines/din/din-evcc-requests.js';
import type { SeccPending } from '../../machines/session/secc/secc-pending.js';
import { ACCEPTED, check, REFUSED, type Expected } from '../session/secc-answer-check.js';
import { EVSE as DIN_EVSE, evRequest, seccInput as dinInput, SESSION_ID as DIN_SESSION } from './harness.js';

const READY: EvseStatus = { ...DIN_EVSE, isolation: 'Valid', presentVoltage: 380 };
const NOT_IDENTIFIED: EvseStatus = { ...READY, authorized: false };

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

test.run();
