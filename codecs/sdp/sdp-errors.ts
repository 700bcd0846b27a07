/**
 * The only exception the SDP codec raises: it names the message, the field and the byte offset in the datagram. An
 * SECC drops a malformed SDP request and keeps serving; the EVCC ignores a malformed response and retries.
 */
export class SdpError extends Error {
  override readonly name = 'SdpError';

  constructor(
    readonly sdpMessage: 'SDP request' | 'SDP response' | 'SDP datagram',
    readonly field: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${sdpMessage} ${field} (byte ${offset}): ${reason}`);
  }
}
