/**
 * What the DIN SPEC 70121 SECC answers (DC, EIM): the table of its handlers, one file per request it accepts
 * (handlers/), each from the request, the session's facts and the power module's EvseStatus that came with it to the
 * response, the facts it leaves, the power commands it asks for and, where the chart branches on it, the route
 * (../din-secc.ts).
 */
import type { BodyType } from '../../../codecs/exi/generated/din.types.js';
import type { SeccRequestHeader } from '../../session/secc/secc-answer.js';
import { answerFrom, type SeccHandlers } from '../../session/secc/secc-handlers.js';
import type { DinAnswer, DinSeccFacts, SeccResponseContext } from './din-secc-facts.js';
import { handleCableCheck } from './handlers/din-cable-check.js';
import { handleChargeParameterDiscovery } from './handlers/din-charge-parameter-discovery.js';
import { handleContractAuthentication } from './handlers/din-contract-authentication.js';
import { handleCurrentDemand } from './handlers/din-current-demand.js';
import { handlePowerDelivery } from './handlers/din-power-delivery.js';
import { handlePreCharge } from './handlers/din-pre-charge.js';
import { handleServiceDiscovery } from './handlers/din-service-discovery.js';
import { handleServicePaymentSelection } from './handlers/din-service-payment-selection.js';
import { handleSessionSetup } from './handlers/din-session-setup.js';
import { handleSessionStop } from './handlers/din-session-stop.js';
import { handleWeldingDetection } from './handlers/din-welding-detection.js';

/** The requests some state of the SECC accepts; the others only ever get a minimal FAILED answer. */
export type SeccRequestName =
  | 'SessionSetupReq' | 'ServiceDiscoveryReq' | 'ServicePaymentSelectionReq' | 'ContractAuthenticationReq'
  | 'ChargeParameterDiscoveryReq' | 'CableCheckReq' | 'PreChargeReq' | 'PowerDeliveryReq' | 'CurrentDemandReq'
  | 'WeldingDetectionReq' | 'SessionStopReq';

const HANDLERS: SeccHandlers<BodyType, SeccRequestName, SeccResponseContext, DinSeccFacts> = {
  SessionSetupReq: handleSessionSetup,
  ServiceDiscoveryReq: handleServiceDiscovery,
  ServicePaymentSelectionReq: handleServicePaymentSelection,
  ContractAuthenticationReq: handleContractAuthentication,
  ChargeParameterDiscoveryReq: handleChargeParameterDiscovery,
  CableCheckReq: handleCableCheck,
  PreChargeReq: handlePreCharge,
  PowerDeliveryReq: handlePowerDelivery,
  CurrentDemandReq: handleCurrentDemand,
  WeldingDetectionReq: handleWeldingDetection,
  SessionStopReq: handleSessionStop,
};

/** The answer to a request the SECC accepts somewhere; undefined for any other. */
export function seccAnswer(type: string, request: object, c: SeccResponseContext, header: SeccRequestHeader = { sessionId: c.input.newSessionId }): DinAnswer | undefined {
  return answerFrom(HANDLERS, type, request, c, header);
}
