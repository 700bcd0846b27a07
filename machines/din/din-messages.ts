/**
 * DIN SPEC 70121 messages as both session machines see them: the V2G_Message document, the names of its request and
 * response bodies, how they pair, and whether a message belongs to a session (machines/session/session-id.ts).
 */
import type { BodyType, sessionIDType, V2G_MessageType } from '../../codecs/exi/generated/din.types.js';
import type { SchemaDocument } from '../../codecs/exi/v2g-document.js';

/** One DIN document on the channel: `{ V2G_Message: { Header, Body } }`, what `encode('din', …)` takes. */
export interface DinMessage {
  readonly V2G_Message: V2G_MessageType;
}

/** A DIN message as it crosses the channel: with its schema. */
export type DinChannelMessage = SchemaDocument<'din', DinMessage>;

export type DinBodyName = keyof BodyType;
export type DinRequestName = Extract<DinBodyName, `${string}Req`>;
export type DinResponseName = Extract<DinBodyName, `${string}Res`>;
export type ResponseName<R extends DinRequestName> = R extends `${infer Pair}Req` ? Extract<`${Pair}Res`, DinResponseName> : never;

/** Every request DIN defines, each with a response of the same pair name. */
export const DIN_REQUESTS = [
  'SessionSetupReq', 'ServiceDiscoveryReq', 'ServiceDetailReq', 'ServicePaymentSelectionReq', 'PaymentDetailsReq',
  'ContractAuthenticationReq', 'ChargeParameterDiscoveryReq', 'PowerDeliveryReq', 'ChargingStatusReq', 'MeteringReceiptReq',
  'SessionStopReq', 'CertificateUpdateReq', 'CertificateInstallationReq', 'CableCheckReq', 'PreChargeReq', 'CurrentDemandReq',
  'WeldingDetectionReq',
] as const satisfies readonly DinRequestName[];

export function dinMessage(sessionId: sessionIDType, body: BodyType): DinMessage {
  return { V2G_Message: { Header: { SessionID: sessionId }, Body: body } };
}

/** The name of the element the Body carries; undefined for an empty Body. */
export function bodyName(message: DinMessage): DinBodyName | undefined {
  const body = message.V2G_Message.Body;
  return (Object.keys(body) as DinBodyName[]).find((name) => body[name] !== undefined);
}

export function responseNameOf<R extends DinRequestName>(request: R): ResponseName<R> {
  return request.replace(/Req$/, 'Res') as ResponseName<R>;
}

