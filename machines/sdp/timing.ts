/**
 * The EVCC's SDP timing. ISO 15118-2 and -20 give the values ([V2G2-159]/[V2G20-159]: wait at least 250 ms for a
 * response; [V2G2-161]/[V2G20-161]: stop after at most 50 consecutive requests) but no names. The names here are
 * ours, in the style of the standard's timers, after RISE V2G's SDP_RESPONSE_TIMEOUT and Josev's
 * SDP_MAX_REQUEST_COUNTER (ISO 15118-2 §7.10 defines SDP, not these values).
 */
export interface SdpTiming {
  /** How long the EVCC waits for a response to each SDP request before it sends the next one. */
  readonly SDP_Response_Timeout: number;
  /** How many SDP requests the EVCC sends in all (the first and the retries) before SDP has failed. */
  readonly SDP_Max_Request_Counter: number;
}

export const STANDARD_SDP_TIMING: SdpTiming = { SDP_Response_Timeout: 250, SDP_Max_Request_Counter: 50 };

export function sdpTimingFor(overrides: Partial<SdpTiming> = {}): SdpTiming {
  const timing = { ...STANDARD_SDP_TIMING, ...overrides };
  if (!(timing.SDP_Response_Timeout >= 0)) {
    throw new RangeError(`SDP_Response_Timeout must be >= 0 ms, got ${timing.SDP_Response_Timeout}`);
  }
  if (!Number.isInteger(timing.SDP_Max_Request_Counter) || timing.SDP_Max_Request_Counter < 1) {
    throw new RangeError(`SDP_Max_Request_Counter must be a whole number >= 1, got ${timing.SDP_Max_Request_Counter}`);
  }
  return timing;
}
