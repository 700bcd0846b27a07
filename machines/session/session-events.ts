/**
 * The typed events at the boundary between a V2G message channel (actors/) and the machines that speak through it:
 * the supportedAppProtocol handshake and each charging-session machine. Every such machine receives
 * `ChannelEvent`s, and asks for I/O only by emitting `ChannelCommand`s (XState `emit`), so it stays pure; the
 * session runner in actors/ pipes the channel's RxJS stream in and the emitted commands out.
 *
 * A message is a document with its schema (`V2gDocument`), as an ISO 15118-20 session mixes schemas on one channel.
 * `M` narrows it to what a machine speaks: e.g. `SchemaDocument<'din', DinMessage>`, a DIN V2G_Message.
 */
import type { EvseStatus, PowerCommand } from './secc/evse-snapshot.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import type { VehicleCommand, VehicleStatus } from '../../base/vehicle/vehicle-status.js';

export type ChannelEvent<M extends V2gDocument = V2gDocument> =
  /** A complete, decoded message from the peer. */
  | { readonly type: 'channel.received'; readonly message: M }
  /** The connection is gone (peer closed, reset, TLS failure, bad V2GTP header): no more messages either way. */
  | { readonly type: 'channel.closed'; readonly reason: string }
  /** A message arrived that could not be decoded (EXI error); the channel closes after it. */
  | { readonly type: 'channel.invalid'; readonly reason: string };

export type ChannelCommand<M extends V2gDocument = V2gDocument> =
  | { readonly type: 'channel.send'; readonly message: M }
  /**
   * Close the connection (after everything sent before has been written); `afterPeer`: let the peer close first, as
   * the SECC does after its final response, SessionStopRes or a FAILED one.
   */
  | { readonly type: 'channel.close'; readonly reason: string; readonly afterPeer?: boolean };

/** What the EVCC machines receive from the vehicle and emit toward it. */
export type VehicleEvent = { readonly type: 'vehicle.status'; readonly status: VehicleStatus };
export type VehicleCommandEvent = { readonly type: 'vehicle.command'; readonly command: VehicleCommand };

/**
 * What an SECC machine receives: its channel's events, each request with the power module's status as it arrived.
 * The SECC never speaks unasked, so the status between two requests changes nothing it does: handing the status over
 * with the request keeps one machine step per request, however often the module reports (bench:secc measured a step
 * per report at a sixth of a loaded station's CPU). `time` is when the request was handed over, ms on the clock that
 * drives the machine's delays: the SECC answers in the same step, so it is also its response's time, from which
 * V2G_SECC_Sequence_Timeout runs (sequence-timeout.ts).
 */
export type SeccChannelEvent<M extends V2gDocument = V2gDocument> =
  | (Extract<ChannelEvent<M>, { readonly type: 'channel.received' }> & { readonly evse: EvseStatus; readonly time: number })
  | Exclude<ChannelEvent<M>, { readonly type: 'channel.received' }>;

/** What the SECC machines emit toward the power module. */
export type PowerCommandEvent = { readonly type: 'evse.command'; readonly command: PowerCommand };

/** How a session machine ended: its `output` when it reaches its final state. */
export interface SessionOutcome {
  /** `stopped`: SessionStop(Terminate) done; `paused`: SessionStop(Pause) done (ISO-2), may resume; `failed`: anything else. */
  readonly result: 'stopped' | 'paused' | 'failed';
  /**
   * For `failed`: what went wrong, e.g. `V2G_EVCC_Msg_Timeout on CurrentDemandReq` or `FAILED_SequenceError`; for
   * `stopped`: why, when the charger rather than the EV ended the session (`EVSE_Shutdown in CurrentDemandRes`).
   */
  readonly reason?: string;
  /**
   * `evse`: the charger ended the session (its status asked to stop, it answered FAILED after the charge, or it cannot
   * charge this vehicle), not the EV. Absent when the EV ended it or the communication failed.
   */
  readonly cause?: 'evse';
  /** The SessionID of the session (needed to resume a paused one). */
  readonly sessionId?: Uint8Array;
}
