/**
 * What a protocol gives the EVCC kit: how its requests are wrapped into its message and its responses read out of it
 * (one envelope per protocol, the only place that knows the message's shape), its request builders by step, and how
 * it words the failures the kit detects.
 */
import type { EventObject } from 'xstate';
import type { VehicleCommand } from '../../../base/vehicle/charging-control.js';
import type { EvseLimits } from '../evse-limits.js';
import type { ResponseElement } from '../evse-verdict.js';
import type { EvccKitContext } from './evcc-kit-context.js';
import type { EvseView } from './evse-view-after.js';

/** A message from the SECC as the kit reads it: one response element, or why the message is not one. */
export type Unwrapped<R extends EventObject> =
  | {
      readonly ok: true;
      readonly name: string;
      readonly element: ResponseElement;
      readonly sessionId: Uint8Array;
      /** The response as the event the protocol's chart handles, e.g. `{ type: 'PreChargeRes', body, sessionId }`. */
      readonly event: R;
    }
  | { readonly ok: false; readonly reason: string };

export interface EvccEnvelope<M, B, R extends EventObject> {
  wrap(sessionId: Uint8Array, body: B): M;
  unwrap(message: M): Unwrapped<R>;
}

/** The protocol's wording of what the kit detects, as its logs and tests have always read. */
export interface EvccWording {
  /** A response of another type than the pending request's. */
  unexpected(received: string, expected: string): string;
  /** A response carrying another SessionID than the session's. */
  otherSession(response: string, received: string, session: string): string;
  /** EVSEProcessing stayed Ongoing for V2G_EVCC_Ongoing_Timeout. */
  ongoingTimeout(step: string, request: string): string;
  /** The channel closed (`channel.closed`) or brought what could not be decoded (`channel.invalid`). */
  channelEnd(type: 'channel.closed' | 'channel.invalid', reason: string): string;
}

export interface EvccAdapter<C extends EvccKitContext<S>, M, B, R extends EventObject, S extends string> {
  readonly envelope: EvccEnvelope<M, B, R>;
  /**
   * The request a step sends, e.g. `PowerDeliveryReq` for `PowerDeliveryStop`; `context` where the session decides it
   * (ISO 15118-20's `DC_ChargeLoopReq` or `AC_ChargeLoopReq` by the service selected).
   */
  requestOf(step: S, context: C): string;
  /** The request's Body for the present context. */
  build(context: C, step: S): B;
  /**
   * The limits the EV keeps to, on `response` (the response being handled; undefined between two) or from context;
   * undefined where there are none the EV may judge the charger by.
   */
  limits(context: C, response: R | undefined): EvseLimits | undefined;
  /** The vehicle has DC contactors to open when the session ends. */
  dc(context: C): boolean;
  /** The energy flowing in the charge loop, for the vehicle (or its simulator) to integrate. */
  charging(context: C): VehicleCommand;
  readonly wording: EvccWording;
  /**
   * What the EV learns of the EVSE from an accepted response, for a protocol whose responses name it otherwise than
   * DIN 70121 and ISO 15118-2 do (ISO 15118-20); absent: their reading (evse-view-after.ts).
   */
  readonly evseView?: (view: EvseView, name: string, element: ResponseElement) => EvseView;
}
