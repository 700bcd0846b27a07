/**
 * The ISO 15118-20 messages as the EVCC machine handles them: the documents its channel carries (CommonMessages
 * beside the AC or DC messages of its namespace), and each response as the event its chart takes. The AC_ and DC_
 * responses of one step share an event (`ChargeLoopRes` for AC_ChargeLoopRes and DC_ChargeLoopRes), so the chart
 * is one for both namespaces; `name` keeps the name on the wire. Likewise the Authorization step's two answers,
 * AuthorizationRes and (while PnC installs a contract) CertificateInstallationRes, are one event: both are polled by
 * EVSEProcessing and refused by a WARNING code the same way.
 */
import type { AC_ChargeLoopResType, AC_ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso20-ac.types.js';
import type {
  AuthorizationResType,
  AuthorizationSetupResType,
  CertificateInstallationResType,
  MeteringConfirmationResType,
  PowerDeliveryResType,
  ScheduleExchangeResType,
  ServiceDetailResType,
  ServiceDiscoveryResType,
  ServiceSelectionResType,
  SessionSetupResType,
  SessionStopResType,
} from '../../../codecs/exi/generated/iso20-common.types.js';
import type {
  DC_CableCheckResType,
  DC_ChargeLoopResType,
  DC_ChargeParameterDiscoveryResType,
  DC_PreChargeResType,
  DC_WeldingDetectionResType,
} from '../../../codecs/exi/generated/iso20-dc.types.js';
import type { MessageHeaderType } from '../../../codecs/exi/generated/iso20-types.types.js';
import type { ResponseElement } from '../../session/evse-verdict.js';
import { SESSION_ID_LENGTH } from '../iso20-header.js';
import type { Unwrapped } from '../../session/evcc/evcc-adapter.js';
import type { Iso20Document } from './iso20-evcc-requests.js';

export type { Iso20Document } from './iso20-evcc-requests.js';

interface ResponseBodies {
  readonly SessionSetupRes: SessionSetupResType;
  readonly AuthorizationSetupRes: AuthorizationSetupResType;
  readonly AuthorizationRes: AuthorizationResType | CertificateInstallationResType;
  readonly ServiceDiscoveryRes: ServiceDiscoveryResType;
  readonly ServiceDetailRes: ServiceDetailResType;
  readonly ServiceSelectionRes: ServiceSelectionResType;
  readonly ChargeParameterDiscoveryRes: AC_ChargeParameterDiscoveryResType | DC_ChargeParameterDiscoveryResType;
  readonly ScheduleExchangeRes: ScheduleExchangeResType;
  readonly CableCheckRes: DC_CableCheckResType;
  readonly PreChargeRes: DC_PreChargeResType;
  readonly PowerDeliveryRes: PowerDeliveryResType;
  readonly ChargeLoopRes: AC_ChargeLoopResType | DC_ChargeLoopResType;
  readonly MeteringConfirmationRes: MeteringConfirmationResType;
  readonly WeldingDetectionRes: DC_WeldingDetectionResType;
  readonly SessionStopRes: SessionStopResType;
}

/** A response as the chart takes it; raised by the machine itself after the kit's check, never sent from outside. */
export type Iso20ResponseEvent = {
  readonly [K in keyof ResponseBodies]: { readonly type: K; readonly name: string; readonly body: ResponseBodies[K]; readonly sessionId: Uint8Array };
}[keyof ResponseBodies];

/** The one response element of a document, its Header's SessionID, and the event the chart takes it as. */
export function unwrapIso20Response(message: Iso20Document): Unwrapped<Iso20ResponseEvent> {
  const document = message.document as unknown as Readonly<Record<string, ResponseElement | undefined>>;
  const name = Object.keys(document)[0];
  const element = name === undefined ? undefined : document[name];
  if (name === undefined || element === undefined) return { ok: false, reason: `an empty ${message.schema} document` };
  if (!name.endsWith('Res')) return { ok: false, reason: `${name} received, a response expected` };
  const header = element['Header'] as MessageHeaderType | undefined;
  if (header === undefined) return { ok: false, reason: `${name} without a Header` };
  // The EV repeats the SessionID in every request's Header, which takes exactly 8 bytes.
  if (header.SessionID.length !== SESSION_ID_LENGTH) return { ok: false, reason: `${name} with a SessionID of ${header.SessionID.length} bytes, not ${SESSION_ID_LENGTH}` };
  const type = name === 'CertificateInstallationRes' ? 'AuthorizationRes' : name.replace(/^(AC|DC)_/, '');
  const event = { type, name, body: element, sessionId: header.SessionID } as unknown as Iso20ResponseEvent;
  return { ok: true, name, element, sessionId: header.SessionID, event };
}
