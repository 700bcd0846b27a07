/** What the DIN SPEC 70121 SECC remembers of its session besides what the kit keeps, and what its handlers read. */
import type { SeccAnswer } from '../../session/secc/secc-answer.js';
import type { SeccHandler } from '../../session/secc/secc-handlers.js';
import type { SeccFacts } from '../../session/secc/secc-message-adapter.js';
import type { BodyType } from '../../../codecs/exi/generated/din.types.js';
import type { DinSeccInput } from '../din-input.js';
import type { DinRequestName } from '../din-messages.js';
import { dinEvseId } from '../evse-id.js';

export interface DinSeccFacts {
  /** EVSEID as sent (see evse-id.ts). */
  readonly evseId: Uint8Array;
  /** EVMaximumVoltageLimit from ChargeParameterDiscoveryReq: the isolation test voltage must not exceed it. */
  readonly evMaximumVoltage?: number;
  /** The output contactors are closed (PowerDelivery ReadyToChargeState=true until =false). */
  readonly contactorsClosed: boolean;
}

export function initialDinFacts(input: DinSeccInput): DinSeccFacts {
  return { evseId: dinEvseId(input.evseId), contactorsClosed: false };
}

/** What a DIN handler reads: the facts, the input, the power module's EvseStatus that came with the request. */
export type SeccResponseContext = SeccFacts<DinSeccInput, DinSeccFacts>;
export type DinAnswer = SeccAnswer<DinSeccFacts>;
export type DinHandler<R extends DinRequestName> = SeccHandler<NonNullable<BodyType[R]>, SeccResponseContext, DinSeccFacts>;
