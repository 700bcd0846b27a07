/**
 * OCSP stapling for the SECC's own certificate: the SECC fetches its leaf's OCSP response ahead of time and hands it
 * to every EVCC that asks in its ClientHello, so the vehicle, which has no network of its own during the handshake,
 * can still check that the SECC's certificate is not revoked. This is TLS status_request (RFC 6066 §8), the one
 * ISO 15118-20 uses with TLS 1.3 and the only one Node offers; ISO 15118-2's TLS 1.2 asks for status_request_v2
 * (RFC 6961, the whole chain's responses), which OpenSSL does not implement, so a -2 EVCC that asks only for v2
 * gets no staple. Nor does a TLS 1.3 client whose first key share is of a group the SECC does not take: after the
 * HelloRetryRequest, Node (20) staples nothing, although it asked for the response; an EVCC offering the -20 groups
 * first (P-521, X448) is not affected.
 *
 * The response is refreshed halfway through its validity (thisUpdate to nextUpdate), so a responder that is down
 * for a while is retried (every `retryMs`) long before the staple goes stale; a response past its validity is never
 * stapled: a handshake then simply goes without one.
 */
import { systemClock, type Clock } from '../../base/clock.js';
import { queryOcsp, type OcspQuery, type OcspResult } from './client.js';
import { OcspError } from './errors.js';

export interface OcspStaplerOptions extends Omit<OcspQuery, 'now' | 'nonceBytes'> {
  /** Default 60 s. */
  readonly retryMs?: number;
  readonly clock?: Clock;
  /** Each failed fetch, for the operator's log; the stapler goes on with the response it has. */
  readonly onError?: (error: OcspError) => void;
  /** Each response fetched and verified, e.g. to log until when the staple is valid. */
  readonly onStaple?: (result: OcspResult) => void;
}

/** The `OCSPRequest` listener of a Node tls.Server. */
export type OcspRequestListener = (certificate: Buffer, issuer: Buffer, callback: (error: Error | null, response: Buffer | null) => void) => void;

const DEFAULT_RETRY_MS = 60_000;
/** Never hammer a responder whose responses are valid for a few seconds only. */
const MIN_REFRESH_MS = 1_000;

export class OcspStapler {
  private latest: OcspResult | undefined;
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private readonly clock: Clock;

  constructor(private readonly options: OcspStaplerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** The first fetch; resolves when it has succeeded or failed (then it is retried), never rejects. */
  start(): Promise<void> {
    return this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  /** The response to staple now, or undefined when there is none still valid. */
  current(): OcspResult | undefined {
    const latest = this.latest;
    return latest && latest.validUntil.getTime() > this.clock.now() ? latest : undefined;
  }

  /** Answers only for the configured certificate, so one stapler per SNI context never staples another's status. */
  readonly onOcspRequest: OcspRequestListener = (certificate, _issuer, callback) => {
    const staple = certificate.equals(this.options.certificate) ? this.current() : undefined;
    callback(null, staple ? Buffer.from(staple.der) : null);
  };

  /** Fetches now (a refresh already under way is joined, not doubled) and schedules the next one. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetch(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    let next: number;
    try {
      const result = await queryOcsp({ ...this.options, now: new Date(this.clock.now()) });
      this.latest = result;
      this.options.onStaple?.(result);
      next = (result.validUntil.getTime() - result.thisUpdate.getTime()) / 2 - (this.clock.now() - result.thisUpdate.getTime());
    } catch (error) {
      this.options.onError?.(error instanceof OcspError ? error : new OcspError('OCSP stapling', error instanceof Error ? error.message : String(error)));
      next = this.options.retryMs ?? DEFAULT_RETRY_MS;
    }
    if (!this.stopped) this.timer = this.clock.setTimeout(() => void this.refresh(), Math.max(MIN_REFRESH_MS, next));
  }
}

