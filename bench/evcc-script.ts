/**
 * The bench's scripted EVCC: a session as a list of requests and how to read each answer, with no session machine
 * behind it, so that a thousand of them cost the client process little (one encode per setup request, the
 * CurrentDemandReq encoded once per session, one decode per answer). The bodies come from the EVCC machines' own pure
 * request builders (machines/din/din-evcc-requests.ts, machines/iso2/iso2-evcc-requests.ts, machines/iso20/evcc/), so the SECC receives
 * what our EVCC would send.
 */
import type { SessionProtocol } from '../actors/stack/session-machines.js';
import { decode, encode, type Documents, type SchemaName } from '../codecs/exi/index.js';
import { payloadTypeForSchema } from '../codecs/v2gtp/exi-schemas.js';
import { encodeV2gtpFrame } from '../codecs/v2gtp/index.js';
import { acceptAppProtocol, offerAppProtocols } from '../machines/apphand/negotiation.js';
import type { ConnectionSecurity } from '../base/connection-events.js';
import { messageName } from '../codecs/exi/message-name.js';

/** `again`: send the same request once more (EVSEProcessing=Ongoing, PreCharge short of the battery's voltage). */
export type StepVerdict = 'next' | 'again';

export interface ScriptStep {
  /** The request's name, for failure reasons. */
  readonly request: string;
  /** The whole V2GTP message, with what the session has learnt so far (SessionID, ServiceID, schedule). */
  frame(): Uint8Array;
  /** Reads the answer to the `attempt`th sending (0 first); throws on a wrong or FAILED answer. */
  read(payload: Uint8Array, attempt: number): StepVerdict;
}

export interface ScriptedSession {
  /** supportedAppProtocol, then SessionSetup up to PowerDelivery(Start). */
  readonly setup: readonly ScriptStep[];
  /** CurrentDemand. The bench's vehicle does not change, so the same request is sent every time. */
  readonly loop: ScriptStep;
  /** PowerDelivery(Stop), WeldingDetection, SessionStop. */
  readonly stop: readonly ScriptStep[];
}

export interface EvccScript {
  readonly protocol: SessionProtocol;
  /** A new session's steps; they share what the session learns (its SessionID first). */
  start(security: ConnectionSecurity): ScriptedSession;
}

export function frameOf<S extends SchemaName>(schema: S, document: Documents[S]): Uint8Array {
  const payloadType = payloadTypeForSchema(schema);
  if (payloadType === undefined) throw new RangeError(`schema ${schema} is never framed`);
  return encodeV2gtpFrame(payloadType, encode(schema, document));
}

/** The EVCC's supportedAppProtocolReq offering `protocol` alone; the answer must choose it. */
export function handshakeStep(protocol: SessionProtocol, security: ConnectionSecurity): ScriptStep {
  const offer = offerAppProtocols([protocol], security);
  const frame = frameOf('apphand', { supportedAppProtocolReq: offer });
  return {
    request: 'supportedAppProtocolReq',
    frame: () => frame,
    read(payload) {
      const answer = decode('apphand', payload);
      if (!('supportedAppProtocolRes' in answer)) throw new Error(`supportedAppProtocolReq answered with ${messageName(answer)}`);
      const accepted = acceptAppProtocol(offer, answer.supportedAppProtocolRes);
      if (!accepted.ok) throw new Error(`supportedAppProtocol: ${accepted.reason}`);
      if (accepted.protocol !== protocol) throw new Error(`supportedAppProtocol chose ${accepted.protocol}, not ${protocol}`);
      return 'next';
    },
  };
}

/** DIN and ISO 15118-2 share the V2G_Message shape; `B` is the schema's BodyType. */
interface V2gDocument<B> {
  readonly V2G_Message: { readonly Header: { readonly SessionID: Uint8Array }; readonly Body: B };
}

export interface V2gStep<B, R extends keyof B> {
  readonly schema: 'din' | 'iso2';
  readonly request: string;
  /** The SessionID the request carries: zeros until SessionSetupRes gave one. */
  readonly sessionId: () => Uint8Array;
  readonly body: () => B;
  /** The body element the answer must carry. */
  readonly response: R;
  /** What the answer means for the script; absent: go on. `sessionId` is the answer's header's. */
  readonly judge?: (response: NonNullable<B[R]>, sessionId: Uint8Array, attempt: number) => StepVerdict;
}

/** A request of the session proper: answered by `response` with a ResponseCode that is not FAILED. */
export function v2gStep<B extends object, R extends keyof B & string>(step: V2gStep<B, R>): ScriptStep {
  const { request } = step;
  return {
    request,
    frame: () => {
      const document: V2gDocument<B> = { V2G_Message: { Header: { SessionID: step.sessionId() }, Body: step.body() } };
      // `B` is the BodyType of `schema` (see V2gDocument): the document is one of that schema.
      return frameOf(step.schema, document as unknown as Documents['din' | 'iso2']);
    },
    read(payload, attempt) {
      const answer = decode(step.schema, payload) as Partial<V2gDocument<B>>;
      const body = answer.V2G_Message?.Body[step.response];
      if (body === undefined || body === null) throw new Error(`${request} answered with ${messageName(answer)}, not ${step.response}`);
      const code = (body as { ResponseCode?: unknown }).ResponseCode;
      if (typeof code !== 'string' || code.startsWith('FAILED')) throw new Error(`${request} answered ${String(code)}`);
      return step.judge?.(body, answer.V2G_Message?.Header.SessionID ?? new Uint8Array(0), attempt) ?? 'next';
    },
  };
}

/** PreCharge goes on until the EVSE's output is within the EV's tolerance of its battery's voltage. */
export function prechargeVerdict(presentVoltage: number, batteryVoltage: number, tolerance: number): StepVerdict {
  return Math.abs(presentVoltage - batteryVoltage) <= tolerance ? 'next' : 'again';
}

/** WeldingDetection goes on until the output is discharged below `voltage`, or the EV's bound on requests is spent. */
export function weldingVerdict(presentVoltage: number, voltage: number, attempt: number, maxRequests: number): StepVerdict {
  return presentVoltage <= voltage || attempt + 1 >= maxRequests ? 'next' : 'again';
}
