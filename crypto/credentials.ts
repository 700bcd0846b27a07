/** The private-key and certificate material a TLS server needs: its key and its chain, leaf first, root left out. */
export interface TlsCredentials {
  /** PKCS#8 (or any OpenSSL-readable) PEM. */
  readonly key: string;
  readonly certChain: readonly string[];
}
