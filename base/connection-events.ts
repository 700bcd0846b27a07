/**
 * The vocabulary of a V2G connection's life that the transports report and the connection machine follows: its
 * security, what its socket did, and how a failure is named. It lives below both, so neither imports the other.
 */

/** Where one end of a connection is: its IP address (an IPv6 link-local one with its zone) and port. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** The security of the connection the handshake runs on: it limits which protocols may be offered and chosen. */
export type ConnectionSecurity = 'tcp' | 'tls1.2' | 'tls1.3';

export type TransportFailure =
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'address-in-use'
  | 'address-unavailable'
  /** The interface named by `iface` does not exist or has no IPv6 link-local address. */
  | 'interface'
  | 'socket';

export type TlsFailure =
  /** The server's chain does not lead to one of the trusted V2G roots. */
  | 'untrusted-chain'
  /** A certificate of the chain is expired or not yet valid. */
  | 'certificate-not-valid-now'
  /** The SECC leaf subject lacks DC=CPO [V2G2-875] [V2G2-925]. */
  | 'wrong-domain-component'
  /** No common version, cipher suite or curve, an alert from the peer, or the peer leaving mid-handshake. */
  | 'handshake';

/** The certificate the other end presented in the TLS handshake: the SECC's leaf, or the vehicle's in -20 mutual TLS. */
export interface PeerCertificate {
  readonly der: Uint8Array;
  /** `CN=…, O=…, C=…, DC=…` in the certificate's order. */
  readonly subject: string;
}

/** What the TLS handshake agreed on. */
export interface TlsAgreement {
  /** `TLSv1.2` or `TLSv1.3`. */
  readonly protocol: string;
  /** The IANA name (`TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256`). */
  readonly cipher: string;
  /** Absent where the peer sent none (an EVCC without mutual authentication). */
  readonly peerCertificate?: PeerCertificate;
}

export type ConnectionEvent =
  /** The TCP three-way handshake is done (connected, or accepted). */
  | { readonly type: 'tcp.connected' }
  | ({ readonly type: 'tls.secured' } & TlsAgreement)
  /** The TLS handshake failed: the SECC's chain, its leaf, or the handshake itself ([V2G2-925]). */
  | { readonly type: 'tls.failed'; readonly failure: TlsFailure; readonly detail: string }
  /** Refused, unreachable, reset, timed out, or another socket error (a TLS one when the TLS layer cannot tell). */
  | { readonly type: 'socket.failed'; readonly failure: TransportFailure | TlsFailure; readonly detail: string }
  /** The peer's FIN. */
  | { readonly type: 'peer.closed' }
  /** Our side ends the connection after what it wrote. */
  | { readonly type: 'close.requested' }
  /** Our side tears the connection down at once (a protocol error above). */
  | { readonly type: 'destroy.requested'; readonly reason: string }
  /** The socket is released: no more bytes either way. */
  | { readonly type: 'socket.closed' };
