/**
 * DIN SPEC 70121 as the EVCC kit (../../session/evcc/) sees it: the one place that wraps a request into DIN's
 * V2G_Message and reads a response out of it, the request of each step, DIN's wording.
 */
import type { BodyType } from '../../../codecs/exi/generated/din.types.js';
import type { ResponseElement } from '../../session/evse-verdict.js';
import type { EvccAdapter, EvccEnvelope } from '../../session/evcc/evcc-adapter.js';
import type { EvccKitContext } from '../../session/evcc/evcc-kit-context.js';
import { measuredCharging } from '../../session/evcc/evcc-kit-actions.js';
import { evccRequestBody, evccRequestName, type EvccStep } from '../din-evcc-requests.js';
import type { DinEvccInput } from '../din-input.js';
import { v2gDocument } from '../../../codecs/exi/v2g-document.js';
import { bodyName, dinMessage, type DinChannelMessage, type DinResponseName } from '../din-messages.js';

/** A response the kit accepted, raised for the chart under its own name, e.g. `{ type: 'PreChargeRes', body, sessionId }`. */
export type DinResponseEvent = {
  [K in DinResponseName]: { readonly type: K; readonly body: NonNullable<BodyType[K]>; readonly sessionId: Uint8Array };
}[DinResponseName];

export interface DinEvccContext extends EvccKitContext<EvccStep> {
  readonly input: DinEvccInput;
  /** ServiceID of the ChargeService the SECC offered in ServiceDiscoveryRes. */
  readonly serviceId: number;
}

const envelope: EvccEnvelope<DinChannelMessage, BodyType, DinResponseEvent> = {
  wrap: (sessionId, body) => v2gDocument('din', dinMessage(sessionId, body)),
  unwrap({ document: message }) {
    const name = bodyName(message);
    if (name === undefined) return { ok: false, reason: 'an empty Body received' };
    const body = message.V2G_Message.Body[name] as NonNullable<BodyType[DinResponseName]>;
    const sessionId = message.V2G_Message.Header.SessionID;
    const element = body as unknown as ResponseElement;
    return { ok: true, name, element, sessionId, event: { type: name, body, sessionId } as DinResponseEvent };
  },
};

export const DIN_EVCC_ADAPTER: EvccAdapter<DinEvccContext, DinChannelMessage, BodyType, DinResponseEvent, EvccStep> = {
  envelope,
  requestOf: evccRequestName,
  build: (context, step) =>
    evccRequestBody(step, { input: context.input, vehicle: context.vehicle, serviceId: context.serviceId, evseLimits: context.evse.limits }),
  // An Ongoing ChargeParameterDiscoveryRes may carry placeholders; the finished one and CurrentDemandRes announce limits.
  limits: (context, response) =>
    response?.type === 'CurrentDemandRes' || (response?.type === 'ChargeParameterDiscoveryRes' && response.body.EVSEProcessing !== 'Ongoing')
      ? context.evse.limits
      : undefined,
  dc: () => true,
  charging: (context) => measuredCharging(context.evse),
  wording: {
    unexpected: (received, expected) => `${received} received while waiting for ${expected}`,
    otherSession: (response, received, session) => `${response} with SessionID ${received} in session ${session}`,
    ongoingTimeout: (_, request) => `V2G_EVCC_Ongoing_Timeout on ${request}`,
    channelEnd: (type, reason) => `${type}: ${reason}`,
  },
};
