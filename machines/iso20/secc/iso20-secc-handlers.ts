/**
 * The -20 SECC's handlers by request, one file each under handlers/: the SECC kit runs the one of each request once
 * (../../session/secc/secc-session-kit.ts); a request not in this table is one the SECC never accepts
 * (FAILED_SequenceError wherever it comes: VehicleCheckIn/Out until they are built).
 */
import type { SeccRequestHeader } from '../../session/secc/secc-answer.js';
import { AC_ChargeLoop } from './handlers/iso20-ac-charge-loop.js';
import { AC_ChargeParameterDiscovery } from './handlers/iso20-ac-charge-parameter-discovery.js';
import { Authorization } from './handlers/iso20-authorization.js';
import { AuthorizationSetup } from './handlers/iso20-authorization-setup.js';
import { CertificateInstallation } from './handlers/iso20-certificate-installation.js';
import { DC_CableCheck } from './handlers/iso20-dc-cable-check.js';
import { DC_ChargeLoop } from './handlers/iso20-dc-charge-loop.js';
import { DC_ChargeParameterDiscovery } from './handlers/iso20-dc-charge-parameter-discovery.js';
import { DC_PreCharge } from './handlers/iso20-dc-pre-charge.js';
import { DC_WeldingDetection } from './handlers/iso20-dc-welding-detection.js';
import { MeteringConfirmation } from './handlers/iso20-metering-confirmation.js';
import { PowerDelivery } from './handlers/iso20-power-delivery-handler.js';
import { ScheduleExchange } from './handlers/iso20-schedule-exchange-handler.js';
import { ServiceDetail } from './handlers/iso20-service-detail.js';
import { ServiceDiscovery } from './handlers/iso20-service-discovery.js';
import { ServiceSelection } from './handlers/iso20-service-selection.js';
import { SessionSetup } from './handlers/iso20-session-setup.js';
import { SessionStop } from './handlers/iso20-session-stop.js';
import type { Iso20Answer, Iso20Handler } from './iso20-secc-answer.js';
import { requestedNotification } from './iso20-evse-facts.js';
import type { Iso20AnswerContext } from './iso20-secc-context.js';

export const HANDLERS = {
  SessionSetupReq: SessionSetup,
  AuthorizationSetupReq: AuthorizationSetup,
  AuthorizationReq: Authorization,
  CertificateInstallationReq: CertificateInstallation,
  ServiceDiscoveryReq: ServiceDiscovery,
  ServiceDetailReq: ServiceDetail,
  ServiceSelectionReq: ServiceSelection,
  DC_ChargeParameterDiscoveryReq: DC_ChargeParameterDiscovery,
  AC_ChargeParameterDiscoveryReq: AC_ChargeParameterDiscovery,
  ScheduleExchangeReq: ScheduleExchange,
  DC_CableCheckReq: DC_CableCheck,
  DC_PreChargeReq: DC_PreCharge,
  PowerDeliveryReq: PowerDelivery,
  DC_ChargeLoopReq: DC_ChargeLoop,
  AC_ChargeLoopReq: AC_ChargeLoop,
  MeteringConfirmationReq: MeteringConfirmation,
  DC_WeldingDetectionReq: DC_WeldingDetection,
  SessionStopReq: SessionStop,
} as const;

export type Iso20SeccRequest = keyof typeof HANDLERS;

/**
 * The answer to a request in the present facts; undefined for one the SECC never accepts. A notification the EV acted
 * on stays acted on only while the EVSE still asks for it: once it asks for something else, the next one is new.
 */
export function answerTo(type: string, request: object, ctx: Iso20AnswerContext, { sessionId }: SeccRequestHeader, nowMs: number): Iso20Answer | undefined {
  if (!Object.prototype.hasOwnProperty.call(HANDLERS, type)) return undefined;
  const handle = HANDLERS[type as Iso20SeccRequest] as Iso20Handler<object>;
  const stale = ctx.actedOn !== undefined && requestedNotification(ctx)?.kind !== ctx.actedOn;
  const answer = handle(stale ? { ...ctx, actedOn: undefined } : ctx, request, { sessionId, nowMs });
  return stale ? { ...answer, update: { actedOn: undefined, ...answer.update } } : answer;
}
