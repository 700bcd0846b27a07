/**
 * The message flow of a capture: SLAC frames, SDP datagrams and the V2G messages of every TCP connection, in
 * capture order, each decoded with the codecs of this stack. A packet whose content fails to decode becomes an
 * error event naming the layer and the fault; decoding carries on with the next packet.
 */
import { ETHERTYPE_HOMEPLUG_AV, formatMac, parseSlacFrame, readMmeHeader, slacMessageTypeOf } from '../slac/index.js';
import { decodeSdpMessage, SDP_SERVER_PORT } from '../sdp/index.js';
import { toJson } from '../exi/index.js';
import { LINKTYPE_ETHERNET, LINKTYPE_RAW, readCapture, type CapturedPacket } from '../pcap/index.js';
import {
  decodeEthernetFrame,
  decodeIpv6Packet,
  decodeTcpSegment,
  decodeUdpDatagram,
  ETHERTYPE_IPV6,
  ipv6ToText,
  NEXT_HEADER_TCP,
  NEXT_HEADER_UDP,
  TcpFlags,
  type Ipv6Packet,
} from '../net/index.js';
import { toJsonValue } from '../../base/json-value.js';
import type { CaptureEvent, Direction } from './capture-events.js';
import { TcpStream } from './tcp-stream.js';
import { V2gConnection } from './v2g-connection.js';

/** LINKTYPE_IPV6: raw IPv6 under its own number, as some tools write loopback captures. */
const LINKTYPE_IPV6 = 229;

interface TcpConversation {
  readonly connection: V2gConnection;
  readonly streams: Map<string, TcpStream>;
  /** The endpoint (address + port) of the EVCC, once known: the SYN's sender, or the side that sent a request. */
  evcc?: string;
}

export interface DecodeCaptureOptions {
  /**
   * Read V2G messages in EXI conformance mode. Default: as the sessions read them, leniently (a value outside its
   * facet, a field codec's quirk), each tolerated reading named in the message's `warnings`.
   */
  readonly strict?: boolean;
}

/** The TCP conversations seen so far, by their two endpoints, and how their messages are read. */
interface Conversations {
  readonly byEndpoints: Map<string, TcpConversation>;
  readonly strict: boolean;
}

export function* decodeCapture(file: Uint8Array, options: DecodeCaptureOptions = {}): Generator<CaptureEvent> {
  const conversations: Conversations = { byEndpoints: new Map(), strict: options.strict === true };
  let start: number | undefined;
  for (const packet of readCapture(file)) {
    start ??= packet.timestampMicros;
    const t = Math.round((packet.timestampMicros - start) / 10) / 100;
    yield* decodePacket(packet, t, conversations);
  }
}

function* decodePacket(packet: CapturedPacket, t: number, conversations: Conversations): Generator<CaptureEvent> {
  let ip: Uint8Array;
  try {
    if (packet.linkType === LINKTYPE_ETHERNET) {
      const frame = decodeEthernetFrame(packet.data);
      if (frame.etherType === ETHERTYPE_HOMEPLUG_AV) {
        yield slacEvent(packet.data, t);
        return;
      }
      if (frame.etherType !== ETHERTYPE_IPV6) return;
      ip = frame.payload;
    } else if (packet.linkType === LINKTYPE_RAW || packet.linkType === LINKTYPE_IPV6) {
      ip = packet.data;
      if (ip[0] >> 4 !== 6) return;
    } else {
      return;
    }
    const ipv6 = decodeIpv6Packet(ip);
    if (ipv6.fragmented) return;
    if (ipv6.nextHeader === NEXT_HEADER_UDP) yield* sdpEvents(ipv6, t);
    else if (ipv6.nextHeader === NEXT_HEADER_TCP) yield* tcpEvents(ipv6, t, conversations);
  } catch (error) {
    yield { t, layer: 'packet', error: (error as Error).message };
  }
}

function slacEvent(frame: Uint8Array, t: number): CaptureEvent {
  try {
    const header = readMmeHeader(frame);
    if (slacMessageTypeOf(header.MMTYPE) === undefined) {
      // Modems and hosts exchange vendor MMEs around SLAC (link status, firmware, ...): shown by number, not an error.
      const name = `MME 0x${header.MMTYPE.toString(16).padStart(4, '0')}`;
      return { t, layer: 'slac', name, src: formatMac(header.OSA), dst: formatMac(header.ODA), message: { MMV: header.MMV } };
    }
    const message = parseSlacFrame(frame);
    const { type, ODA, OSA, ...fields } = message;
    return { t, layer: 'slac', name: type, src: formatMac(OSA), dst: formatMac(ODA), message: toJsonValue(fields) };
  } catch (error) {
    return { t, layer: 'slac', error: (error as Error).message };
  }
}

function* sdpEvents(ipv6: Ipv6Packet, t: number): Generator<CaptureEvent> {
  const udp = decodeUdpDatagram(ipv6.payload);
  if (udp.sourcePort !== SDP_SERVER_PORT && udp.destinationPort !== SDP_SERVER_PORT && !looksLikeSdp(udp.payload)) return;
  try {
    const { kind, ...fields } = decodeSdpMessage(udp.payload);
    const message = kind === 'SDPResponse' && 'SECCIPAddress' in fields ? { ...toJsonValue(fields) as object, SECCIPAddress: ipv6ToText(fields.SECCIPAddress) } : toJsonValue(fields);
    yield { t, layer: 'sdp', name: kind, dir: kind === 'SDPRequest' ? 'EV->EVSE' : 'EVSE->EV', message };
  } catch (error) {
    yield { t, layer: 'sdp', error: (error as Error).message };
  }
}

function* tcpEvents(ipv6: Ipv6Packet, t: number, conversations: Conversations): Generator<CaptureEvent> {
  const tcp = decodeTcpSegment(ipv6.payload);
  const from = `[${ipv6ToText(ipv6.source)}]:${tcp.sourcePort}`;
  const to = `[${ipv6ToText(ipv6.destination)}]:${tcp.destinationPort}`;
  const key = from < to ? `${from} ${to}` : `${to} ${from}`;
  let conversation = conversations.byEndpoints.get(key);
  if (!conversation || (tcp.flags & TcpFlags.SYN && !(tcp.flags & TcpFlags.ACK))) {
    conversation = { connection: new V2gConnection(conversations.strict), streams: new Map() };
    conversations.byEndpoints.set(key, conversation);
  }
  let stream = conversation.streams.get(from);
  if (!stream) conversation.streams.set(from, (stream = new TcpStream()));
  if (tcp.flags & TcpFlags.SYN) {
    stream.syn(tcp.sequence);
    if (!(tcp.flags & TcpFlags.ACK)) conversation.evcc = from;
    return;
  }
  for (const chunk of stream.push(tcp.sequence, tcp.payload)) {
    const dir = directionOf(conversation, from);
    if (chunk.gap) {
      conversation.connection.restart(dir);
      yield { t, layer: 'v2g', error: `${from} -> ${to}: ${chunk.gap}` };
      continue;
    }
    try {
      for (const m of conversation.connection.push(dir, chunk.bytes ?? new Uint8Array())) {
        yield { t, layer: 'v2g', name: m.name, dir: m.dir, schema: m.schema, message: toJson(m.schema, m.document), ...(m.warnings.length ? { warnings: m.warnings } : {}) };
      }
    } catch (error) {
      conversation.connection.restart(dir);
      yield { t, layer: 'v2g', error: `${from} -> ${to}: ${(error as Error).message}` };
    }
  }
}

/**
 * The EVCC is the TCP client (ISO 15118-2 §7.7, the SECC listens); without the SYN in the capture, the side that sends
 * first is taken for it.
 */
function directionOf(conversation: TcpConversation, from: string): Direction {
  conversation.evcc ??= from;
  return conversation.evcc === from ? 'EV->EVSE' : 'EVSE->EV';
}

/** SDP off its port (a test SECC on an ephemeral one): a V2GTP header with an SDP payload type (0x9000-0x9005). */
function looksLikeSdp(payload: Uint8Array): boolean {
  return payload.length >= 8 && payload[0] === 0x01 && payload[1] === 0xfe && payload[2] === 0x90 && payload[3] <= 0x05;
}
