/**
 * Every ISO 15118-20 message carries its own MessageHeader: the SessionID and the TimeStamp at which it was sent, in
 * seconds since 1970-01-01 UTC (Unix time; the XSD says xs:unsignedLong, the epoch is the one every open -20 stack
 * uses: decided without the standard's text). The clock is a value passed in, so the builders stay pure.
 */
import type { MessageHeaderType } from '../../codecs/exi/generated/iso20-types.types.js';

/** SessionID is hexBinary of exactly 8 bytes in -20 (CommonTypes sessionIDType). */
export const SESSION_ID_LENGTH = 8;

/** The EVCC's SessionID in its first SessionSetupReq: all zeros, the SECC then assigns one. */
export const NO_SESSION_ID: Uint8Array = new Uint8Array(SESSION_ID_LENGTH);

export class Iso20HeaderError extends Error {
  constructor(reason: string) {
    super(`ISO 15118-20 MessageHeader: ${reason}`);
    this.name = 'Iso20HeaderError';
  }
}

/** The header of a message sent at `nowMs` (milliseconds since the epoch, from the injected clock). */
export function messageHeader(sessionId: Uint8Array, nowMs: number): MessageHeaderType {
  if (sessionId.length !== SESSION_ID_LENGTH) throw new Iso20HeaderError(`SessionID has ${sessionId.length} bytes, not ${SESSION_ID_LENGTH}`);
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new Iso20HeaderError(`clock value ${nowMs} is not a time after 1970`);
  return { SessionID: sessionId, TimeStamp: BigInt(Math.floor(nowMs / 1000)) };
}

export interface HeaderFacts {
  readonly sessionId: Uint8Array;
  /** When the peer says it sent the message, milliseconds since the epoch (its clock, not ours). */
  readonly sentAtMs: number;
}

export function readHeader(header: MessageHeaderType): HeaderFacts {
  return { sessionId: header.SessionID, sentAtMs: Number(header.TimeStamp) * 1000 };
}

export function sameSessionId(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Whether the EVCC asks for a new session (all-zero SessionID) rather than to join a paused one. */
export function isNewSessionRequest(sessionId: Uint8Array): boolean {
  return sessionId.every((byte) => byte === 0);
}

/** What every builder needs beside its facts: the session's ID and the injected clock's reading. */
export interface MessageContext {
  readonly sessionId: Uint8Array;
  readonly nowMs: number;
}

export function headerOf(ctx: MessageContext): MessageHeaderType {
  return messageHeader(ctx.sessionId, ctx.nowMs);
}
