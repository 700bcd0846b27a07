/**
 * The V2G message channel: V2G messages over one `Connection`. Bytes in are reassembled into V2GTP messages, checked
 * and EXI-decoded; messages out are EXI-encoded and framed. The machines above see only `ChannelEvent`s and ask for
 * `send`/`close` through the session runner.
 *
 * Each message is a document with its schema (`V2gDocument`): the channel speaks a protocol, the set of schemas of the
 * session (codecs/v2gtp/protocol-framing.ts), reads each payload with the schema its payload type names and frames each
 * document with its own schema's payload type.
 *
 * The channel's lifecycle is an actor of machines/channel/v2g-channel.ts, started with the channel: it takes the
 * protocol switch, the close and every fault, and decides how the connection ends. Messages never pass through it: each
 * one in and out stays on the RxJS path below, as a machine step per message would cost a loaded station dearly.
 *
 * Incoming messages are read like the field sends them by default (every known quirk of its encoders, values outside
 * a facet), each departure a `channel.exiWarning` to the lifecycle actor (so the inspector shows it) and a log line;
 * `lenient: false` reads in conformance mode. What we send is always strictly valid.
 *
 * Faults end the channel, never the process: a bad V2GTP header resets the connection (the receiver cannot find the
 * next message boundary, ISO 15118-2 §7.8.3.2); an undecodable EXI body closes it without an answer, as EVerest does:
 * without a readable request there is no response type to answer in ([V2G2-538]).
 */
import { Subject, type Observable, type Subscription } from 'rxjs';
import { createActor, type Actor, type InspectionEvent } from 'xstate';
import { encode, type DecodeOptions, type ExiWarning, type V2gDocument } from '../../codecs/exi/index.js';
import type { ChannelProtocol, V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import {
  DEFAULT_MAX_PAYLOAD_LENGTH,
  encodeV2gtpFrame,
  EXI_PAYLOAD_TYPES,
  framingOf,
  readPayload,
  V2gtpError,
  V2gtpReassembler,
  type ProtocolFraming,
  type V2gtpFrame,
} from '../../codecs/v2gtp/index.js';
import { v2gChannelMachine, type ChannelFault, type V2gChannelEvent } from '../../machines/channel/v2g-channel.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import { messageName } from '../../codecs/exi/message-name.js';
import type { Connection } from '../../transport/connection-port.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { Inbox } from './inbox.js';

export interface V2gChannelOptions {
  /** The protocol spoken until `useProtocol`: `apphand` for a new connection. */
  readonly protocol: ChannelProtocol;
  /** Largest V2GTP payload accepted; default {@link DEFAULT_MAX_PAYLOAD_LENGTH}. */
  readonly maxPayloadLength?: number;
  /**
   * The EXI quirks of field encoders tolerated in what arrives (codecs/exi/options.ts); default `true`, all of them.
   * `false` is conformance mode: the EXI specification and the XSDs' facets, nothing else.
   */
  readonly lenient?: DecodeOptions['lenient'];
  /** Time stamps of `traffic$`; default the system clock. */
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  /** Names the channel's actor in inspection, e.g. `secc/3/channel`. */
  readonly id?: string;
  readonly inspect?: (event: InspectionEvent) => void;
}

export type V2gChannelActor = Actor<typeof v2gChannelMachine>;

/**
 * One V2GTP message as it went over the wire, for logs and captures. An incoming one appears when it is read (then
 * decoded), stamped with its arrival time; one dropped unread when the channel ends does not appear.
 */
export interface ChannelTraffic {
  readonly dir: 'in' | 'out';
  /** When it arrived (in) or was written (out), on the channel's clock. */
  readonly time: number;
  /** The whole V2GTP message, header included. */
  readonly frame: Uint8Array;
  /** The decoded message with its schema; absent for one that could not be decoded. */
  readonly message?: V2gDocument;
}

export interface V2gChannel {
  /**
   * Decoded messages, then one `channel.closed` or `channel.invalid` and completion. Messages that arrive while
   * nobody subscribes are kept for the next subscriber and decoded in the protocol in use when it gets them.
   */
  readonly events$: Observable<ChannelEvent>;
  /** Every message in and out while observed (unobserved, none is recorded); completes when the channel ends. */
  readonly traffic$: Observable<ChannelTraffic>;
  /** The protocol in use. */
  readonly protocol: ChannelProtocol;
  /** After the handshake: continue in the negotiated protocol. */
  useProtocol(protocol: V2gProtocol): void;
  /**
   * Encodes `message` with its schema and writes it framed with that schema's payload type. A message the channel
   * cannot send ends it (fault `schemaOutsideProtocol` for a schema the protocol in use does not speak, `exiEncode`
   * for a document its schema cannot encode); the machine speaking through it sees `channel.closed`.
   */
  send(message: V2gDocument): void;
  /**
   * Closes the connection after what was sent; nothing more is delivered but the resulting `channel.closed`. With
   * `afterPeer` the peer is left to close first, for at most PEER_CLOSE_TIMEOUT_MS (machines/channel/v2g-channel.ts).
   */
  close(reason: string, afterPeer?: boolean): void;
  /** The channel's lifecycle: open, closing, and how it ended (closed, or invalid with its fault). */
  readonly actor: V2gChannelActor;
}

/**
 * Messages a peer may send that nobody has read yet. V2G is strictly request/response, so more than a few unread
 * messages mean a misbehaving peer; the bound keeps its memory to this many times the maximum payload length.
 */
const MAX_UNREAD_MESSAGES = 16;

/** How a channel ends: the last event its readers get. */
type ChannelEnd = Exclude<ChannelEvent, { readonly type: 'channel.received' }>;

interface Arrival {
  readonly frame: V2gtpFrame;
  readonly time: number;
}

export function createV2gChannel(connection: Connection, options: V2gChannelOptions): V2gChannel {
  return new MessageChannel(connection, options);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class MessageChannel implements V2gChannel {
  private readonly inbox = new Inbox<Arrival, ChannelEvent>((arrival) => this.open(arrival), MAX_UNREAD_MESSAGES);
  readonly events$ = this.inbox.events$;
  private readonly traffic = new Subject<ChannelTraffic>();
  readonly traffic$ = this.traffic.asObservable();
  readonly actor: V2gChannelActor;
  private readonly reassembler: V2gtpReassembler;
  private input: Subscription | undefined;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly decodeOptions: DecodeOptions;
  /**
   * The machine holds the protocol while the channel is open; this copy reads and frames, because what arrived before a
   * fault on the wire is read after the machine has ended, in the protocol its reader chose by then.
   */
  private framing: ProtocolFraming;
  /** Set on the first end, before anything it causes can re-enter (a connection that ends as it is destroyed). */
  private ending = false;

  constructor(
    private readonly connection: Connection,
    options: V2gChannelOptions,
  ) {
    this.framing = framingOf(options.protocol);
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => {});
    this.decodeOptions = { lenient: options.lenient ?? true, onWarning: (warning) => this.warned(warning) };
    // The header check that needs no protocol (version, a type carrying EXI, the length) runs as soon as the 8 header
    // bytes are in, before any payload is buffered; whether the type fits the protocol is checked when the message is
    // read, because the protocol may change in between (-20 leaves 0x8001 after the handshake).
    this.reassembler = new V2gtpReassembler({
      maxPayloadLength: options.maxPayloadLength ?? DEFAULT_MAX_PAYLOAD_LENGTH,
      allowedPayloadTypes: EXI_PAYLOAD_TYPES,
    });
    this.actor = createActor(v2gChannelMachine, {
      input: { protocol: options.protocol },
      id: options.id,
      inspect: options.inspect,
      clock: this.clock,
    });
    this.actor.on('connection.close', () => connection.close());
    this.actor.on('connection.destroy', ({ reason }) => {
      // Nothing more is read from a connection torn down; its end is this one's consequence, not news.
      this.input?.unsubscribe();
      connection.destroy(reason);
    });
    this.actor.start();
    // After a close of our own the connection is read on, the bytes dropped, until the peer's FIN ends it.
    this.input = connection.data$.subscribe({
      next: (segment) => this.receive(segment),
      error: (err: unknown) => this.connectionEnded({ type: 'connection.lost', reason: `connection lost: ${messageOf(err)}` }),
      complete: () => this.connectionEnded({ type: 'connection.peerClosed', reason: this.peerClosedReason() }),
    });
    // The connection may have ended while subscribing; its end then ran before `input` was assigned.
    if (this.ending) this.input.unsubscribe();
  }

  get protocol(): ChannelProtocol {
    return this.framing.protocol;
  }

  useProtocol(protocol: V2gProtocol): void {
    this.framing = framingOf(protocol);
    this.tell({ type: 'channel.useProtocol', protocol });
  }

  send(message: V2gDocument): void {
    if (this.ending) {
      this.log(`not sent (channel closed): ${messageName(message.document)}`);
      return;
    }
    const payloadType = this.framing.payloadTypes.get(message.schema);
    if (payloadType === undefined) {
      const reason = `cannot send ${messageName(message.document)}: ${message.schema} is not a schema of ${this.framing.protocol}`;
      this.end({ type: 'channel.closed', reason }, fault('schemaOutsideProtocol', reason), true);
      return;
    }
    let frame: Uint8Array;
    try {
      frame = encodeV2gtpFrame(payloadType, encode(message.schema, message.document));
    } catch (err) {
      const reason = `cannot send ${messageName(message.document)}: ${messageOf(err)}`;
      this.end({ type: 'channel.closed', reason }, fault('exiEncode', reason), true);
      return;
    }
    this.connection.write(frame);
    if (this.traffic.observed) this.traffic.next({ dir: 'out', time: this.clock.now(), frame, message });
  }

  close(reason: string, afterPeer = false): void {
    this.end({ type: 'channel.closed', reason }, { type: 'channel.closeRequested', reason, afterPeer }, true);
  }

  private receive(segment: Uint8Array): void {
    if (this.ending) return;
    let frames: V2gtpFrame[];
    try {
      frames = this.reassembler.push(segment);
    } catch (err) {
      const reason = `bad V2GTP header: ${messageOf(err)}`;
      this.end({ type: 'channel.closed', reason }, fault('v2gtpHeader', reason));
      return;
    }
    for (const frame of frames) {
      if (!this.inbox.put({ frame, time: this.clock.now() })) {
        const reason = `the peer sent more than ${MAX_UNREAD_MESSAGES} messages nobody read`;
        this.end({ type: 'channel.closed', reason }, fault('unreadMessages', reason));
        return;
      }
    }
  }

  /** Decodes a message for a reader; a fault ends the channel and drops whatever came after it. */
  private open({ frame, time }: Arrival): ChannelEvent | undefined {
    const whole = () => encodeV2gtpFrame(frame.payloadType, frame.payload);
    let message: V2gDocument;
    try {
      message = readPayload(this.framing, frame.payloadType, frame.payload, this.decodeOptions);
    } catch (err) {
      // A payload type outside the protocol: the header was wrong, not the message.
      if (err instanceof V2gtpError) {
        const reason = `bad V2GTP header: ${err.message}`;
        this.end({ type: 'channel.closed', reason }, fault('v2gtpHeader', reason), true);
        return undefined;
      }
      if (this.traffic.observed) this.traffic.next({ dir: 'in', time, frame: whole() });
      const reason = messageOf(err);
      this.end({ type: 'channel.invalid', reason }, fault('exiDecode', reason), true);
      return undefined;
    }
    if (this.traffic.observed) this.traffic.next({ dir: 'in', time, frame: whole(), message });
    return { type: 'channel.received', message };
  }

  private warned(warning: ExiWarning): void {
    this.log(`${this.framing.protocol} message read leniently at ${warning.path || '/'}, bit ${warning.bitOffset}: ${warning.message}`);
    this.tell({ type: 'channel.exiWarning', warning });
  }

  /** An ended machine takes nothing more: the connection's end after an invalid message is no news to it. */
  private tell(event: V2gChannelEvent): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send(event);
  }

  /** The connection's end is news to the machine either way; it ends the channel unless the channel ended first. */
  private connectionEnded(event: Extract<V2gChannelEvent, { type: 'connection.lost' | 'connection.peerClosed' }>): void {
    if (this.ending) this.tell(event);
    else this.end({ type: 'channel.closed', reason: event.reason }, event);
  }

  private peerClosedReason(): string {
    const pending = this.reassembler.pending;
    if (pending === 0) return 'the peer closed the connection';
    return `the peer closed the connection in the middle of a message (${pending} bytes held)`;
  }

  /**
   * The first end wins; `cause` tells the machine, which ends the connection. What arrived intact before a fault on
   * the wire is still delivered; after a local decision (close, an undecodable message) nothing more is.
   */
  private end(last: ChannelEnd, cause: V2gChannelEvent, dropUnread = false): void {
    if (this.ending) return;
    this.ending = true;
    this.log(`${last.type === 'channel.invalid' ? 'invalid message' : 'channel closed'}: ${last.reason}`);
    this.tell(cause);
    this.traffic.complete();
    this.inbox.end(last, dropUnread);
  }
}

const fault = (kind: ChannelFault, reason: string): V2gChannelEvent => ({ type: 'channel.fault', fault: kind, reason });
