/**
 * The V2G messages of one captured TCP connection. The schema follows the conversation as the peers themselves
 * decide it: supportedAppProtocol first, then the protocol whose SchemaID the SECC chose from the EVCC's offer. A
 * capture that starts after the handshake is decoded by trying DIN, then ISO 15118-2 (said in `schema`).
 */
import { PROTOCOL_VERSIONS, type V2gProtocol } from '../exi/v2g-protocols.js';
import { messageName } from '../exi/message-name.js';
import { decode, ExiError, type SchemaName } from '../exi/index.js';
import type { supportedAppProtocolReqType } from '../exi/generated/apphand.types.js';
import { PayloadType, V2gtpError, V2gtpReassembler } from '../v2gtp/index.js';
import type { Direction } from './capture-events.js';

export interface DecodedMessage {
  readonly dir: Direction;
  readonly name: string;
  readonly schema: SchemaName;
  readonly document: object;
  readonly warnings: readonly string[];
}

const ISO20_SCHEMAS: ReadonlyMap<number, SchemaName> = new Map([
  [PayloadType.Part20MainstreamPayloadID, 'iso20-common'],
  [PayloadType.Part20ACMainstreamPayloadID, 'iso20-ac'],
  [PayloadType.Part20DCMainstreamPayloadID, 'iso20-dc'],
  [PayloadType.Part20ACDPMainstreamPayloadID, 'iso20-acdp'],
  [PayloadType.Part20WPTMainstreamPayloadID, 'iso20-wpt'],
]);

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
    const schema = this.schemaFor(payloadType);
    if (schema) return this.decoded(dir, schema, payload);
    const attempts: string[] = [];
    for (const guess of ['apphand', 'din', 'iso2'] as const) {
      try {
        return this.decoded(dir, guess, payload);
      } catch (error) {
        if (!(error instanceof ExiError)) throw error;
        attempts.push(error.message);
      }
    }
    throw new ExiError('din|iso2', 0, '', `no schema decodes this message before the handshake was seen: ${attempts.join('; ')}`);
  }

  private schemaFor(payloadType: number): SchemaName | undefined {
    if (payloadType !== PayloadType.EXIEncodedV2GMessage) {
      const schema = ISO20_SCHEMAS.get(payloadType);
      if (schema) return schema;
      if (this.protocol?.startsWith('iso20-')) return this.protocol as SchemaName;
      throw new V2gtpError('payloadType', 2, `0x${payloadType.toString(16)} carries no message this decoder reads`);
    }
    if (this.protocol === 'din' || this.protocol === 'iso2') return this.protocol;
    // Between the offer and the answer only the handshake's schema is possible; before any offer, guess.
    return this.offer ? 'apphand' : undefined;
  }

  private decoded(dir: Direction, schema: SchemaName, payload: Uint8Array): DecodedMessage {
    const warnings: string[] = [];
    const document = decode(schema, payload, this.strict ? undefined : { lenient: true, onWarning: (w) => warnings.push(w.message) });
    const name = messageName(document);
    if (schema === 'apphand') this.followHandshake(document);
    return { dir, name, schema, document, warnings };
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
