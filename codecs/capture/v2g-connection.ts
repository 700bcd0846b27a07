/**
 * The V2G messages of one captured TCP connection. The protocol follows the conversation as the peers themselves
 * decide it: supportedAppProtocol first, then the protocol whose SchemaID the SECC chose from the EVCC's offer, each
 * payload read as the sessions read it (codecs/v2gtp/protocol-framing.ts), so an ISO 15118-20 message is named with
 * its schema on every payload type, side streams included. A capture that starts after the handshake is decoded by
 * trying DIN, then ISO 15118-2 on 0x8001, and the ISO 15118-20 protocols in turn on the others (said in `schema`).
 */
import { PROTOCOL_VERSIONS, type V2gProtocol } from '../exi/v2g-protocols.js';
import { messageName } from '../exi/message-name.js';
import { ExiError, type DecodeOptions, type SchemaName, type V2gDocument } from '../exi/index.js';
import type { supportedAppProtocolReqType } from '../exi/generated/apphand.types.js';
import { framingOf, PayloadType, readPayload, V2gtpError, V2gtpReassembler } from '../v2gtp/index.js';
import type { Direction } from './capture-events.js';

export interface DecodedMessage {
  readonly dir: Direction;
  readonly name: string;
  readonly schema: SchemaName;
  readonly document: object;
  readonly warnings: readonly string[];
}

/** What a capture without its handshake is tried with: 0x8001 before -20, whose payload types 0x8001 never is. */
const GUESSES_0x8001: readonly ('apphand' | V2gProtocol)[] = ['apphand', 'din', 'iso2'];
const GUESSES_ISO20: readonly V2gProtocol[] = ['iso20-dc', 'iso20-ac', 'iso20-wpt', 'iso20-acdp'];

export class V2gConnection {
  private readonly reassemblers = { 'EV->EVSE': new V2gtpReassembler(), 'EVSE->EV': new V2gtpReassembler() };
  private offer: supportedAppProtocolReqType | undefined;
  private protocol: V2gProtocol | undefined;

  /** `strict`: EXI conformance mode; otherwise a message is read as the sessions read it, with its warnings. */
  constructor(private readonly strict = false) {}

  /** Bytes of one direction in stream order; returns the messages they complete. Throws V2gtpError or ExiError. */
  push(dir: Direction, bytes: Uint8Array): DecodedMessage[] {
    return this.reassemblers[dir].push(bytes).map((frame) => this.decodeFrame(dir, frame.payloadType, frame.payload));
  }

  /** Bytes were lost in this direction: drop what was half assembled. */
  restart(dir: Direction): void {
    this.reassemblers[dir] = new V2gtpReassembler();
  }

  private decodeFrame(dir: Direction, payloadType: number, payload: Uint8Array): DecodedMessage {
    // Between the offer and the answer only the handshake is possible; after the answer, the protocol it chose.
    const known = this.protocol ?? (this.offer ? 'apphand' : undefined);
    if (known) return this.decoded(dir, known, payloadType, payload);
    const guesses = payloadType === PayloadType.EXIEncodedV2GMessage ? GUESSES_0x8001 : GUESSES_ISO20;
    const attempts: string[] = [];
    for (const guess of guesses.filter((p) => framingOf(p).readings.has(payloadType))) {
      try {
        return this.decoded(dir, guess, payloadType, payload);
      } catch (error) {
        if (!(error instanceof ExiError)) throw error;
        attempts.push(error.message);
      }
    }
    if (attempts.length === 0) throw new V2gtpError('payloadType', 2, `0x${payloadType.toString(16)} carries no message this decoder reads`);
    throw new ExiError(guesses.join('|'), 0, '', `no protocol decodes this message before the handshake was seen: ${attempts.join('; ')}`);
  }

  private decoded(dir: Direction, protocol: 'apphand' | V2gProtocol, payloadType: number, payload: Uint8Array): DecodedMessage {
    const warnings: string[] = [];
    const options: DecodeOptions | undefined = this.strict ? undefined : { lenient: true, onWarning: (w) => warnings.push(w.message) };
    const message: V2gDocument = readPayload(framingOf(protocol), payloadType, payload, options);
    if (message.schema === 'apphand') this.followHandshake(message.document);
    return { dir, name: messageName(message.document), schema: message.schema, document: message.document, warnings };
  }

  private followHandshake(document: object): void {
    if ('supportedAppProtocolReq' in document) this.offer = document.supportedAppProtocolReq as supportedAppProtocolReqType;
    if ('supportedAppProtocolRes' in document && this.offer) {
      const res = document.supportedAppProtocolRes as { SchemaID?: number };
      const entry = this.offer.AppProtocol.find((p) => p.SchemaID === res.SchemaID);
      // Failed_NoNegotiation carries no SchemaID: the protocol stays unknown and later messages are guessed.
      this.protocol = (Object.keys(PROTOCOL_VERSIONS) as V2gProtocol[]).find((p) => PROTOCOL_VERSIONS[p].namespace === entry?.ProtocolNamespace);
      this.offer = undefined;
    }
  }
}
