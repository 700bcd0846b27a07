/**
 * What the ISO 15118-2 SECC answers (EIM and Plug & Charge): the table of its handlers, one file per request it accepts (handlers/),
 * each from the request and the session's facts to the response, the facts it leaves, the power commands it asks for
 * and, where the chart branches on it, the route (../iso2-secc.ts). The SECC kit runs the handler once per request;
 * the chart's guards read its answer.
 */
import type { BodyType } from '../../../codecs/exi/generated/iso2.types.js';
import type { SeccRequestHeader } from '../../session/secc/secc-answer.js';
import { answerFrom, type SeccHandlers } from '../../session/secc/secc-handlers.js';
import type { Iso2RequestName } from '../iso2-messages.js';
import type { Iso2AnswerContext, Iso2SeccFacts } from '../secc-context.js';
import type { Iso2Answer } from './iso2-answer-parts.js';
import { handleAuthorization } from './handlers/iso2-authorization.js';
import { handleCableCheck } from './handlers/iso2-cable-check.js';
import { handleCertificateInstallation } from './handlers/iso2-certificate-installation.js';
import { handleCertificateUpdate } from './handlers/iso2-certificate-update.js';
import { handleMeteringReceipt } from './handlers/iso2-metering-receipt.js';
import { handlePaymentDetails } from './handlers/iso2-payment-details.js';
import { handleChargeParameterDiscovery } from './handlers/iso2-charge-parameter-discovery.js';
import { handleChargingStatus } from './handlers/iso2-charging-status.js';
import { handleCurrentDemand } from './handlers/iso2-current-demand.js';
import { handlePaymentServiceSelection } from './handlers/iso2-payment-service-selection.js';
import { handlePowerDelivery } from './handlers/iso2-power-delivery.js';
import { handlePreCharge } from './handlers/iso2-pre-charge.js';
import { handleServiceDetail } from './handlers/iso2-service-detail.js';
import { handleServiceDiscovery } from './handlers/iso2-service-discovery.js';
import { handleSessionSetup } from './handlers/iso2-session-setup.js';
import { handleSessionStop } from './handlers/iso2-session-stop.js';
import { handleWeldingDetection } from './handlers/iso2-welding-detection.js';

const HANDLERS: SeccHandlers<BodyType, Iso2RequestName, Iso2AnswerContext, Iso2SeccFacts> = {
  SessionSetupReq: handleSessionSetup,
  ServiceDiscoveryReq: handleServiceDiscovery,
  ServiceDetailReq: handleServiceDetail,
  PaymentServiceSelectionReq: handlePaymentServiceSelection,
  CertificateInstallationReq: handleCertificateInstallation,
  CertificateUpdateReq: handleCertificateUpdate,
  PaymentDetailsReq: handlePaymentDetails,
  AuthorizationReq: handleAuthorization,
  ChargeParameterDiscoveryReq: handleChargeParameterDiscovery,
  CableCheckReq: handleCableCheck,
  PreChargeReq: handlePreCharge,
  PowerDeliveryReq: handlePowerDelivery,
  CurrentDemandReq: handleCurrentDemand,
  ChargingStatusReq: handleChargingStatus,
  MeteringReceiptReq: handleMeteringReceipt,
  WeldingDetectionReq: handleWeldingDetection,
  SessionStopReq: handleSessionStop,
};

/**
 * The answer to a request in the present facts, with the power module's status that came with it; undefined for a
 * request the SECC never accepts. A ReNegotiation the EV followed stays answered only while the module still reports
 * it: once a request comes with another notification, the next ReNegotiation is a new one.
 */
export function answerTo(type: string, request: object, ctx: Iso2AnswerContext, header: SeccRequestHeader): Iso2Answer | undefined {
  const renegotiationAnswered = ctx.renegotiationAnswered && ctx.evse.notification === 'ReNegotiation';
  const unchanged = renegotiationAnswered === ctx.renegotiationAnswered;
  const answer = answerFrom<Iso2AnswerContext, Iso2SeccFacts>(HANDLERS, type, request, unchanged ? ctx : { ...ctx, renegotiationAnswered }, header);
  if (answer === undefined || unchanged) return answer;
  return { ...answer, update: { renegotiationAnswered, ...answer.update } };
}
