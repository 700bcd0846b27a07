/**
 * What each TLS version of V2G allows (ISO 15118-2 §7.7.4 for TLS 1.2; ISO 15118-20 [V2G20-2459] for TLS 1.3), as
 * Node/OpenSSL options.
 *
 * ISO 15118-2 names two TLS 1.2 suites: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 and the static-ECDH
 * TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256; an SECC shall support both, an EVCC one. OpenSSL 3 (which Node 20+
 * carries) removed every static-ECDH suite, so only the ECDHE one can be offered here; the static one is added
 * only if the OpenSSL at hand still knows it. An EVCC that offers only the static suite cannot connect to this SECC.
 * The group is secp256r1 and signatures ECDSA with SHA-256, as for the certificates.
 *
 * Not available through Node: the trusted_ca_keys extension by which the EVCC names its V2G roots [V2G2-651] and
 * OCSP multi-stapling (status_request_v2); an SECC here has one chain, and staples only its leaf's OCSP response
 * (status_request, crypto/ocsp's OcspStapler) to an EVCC that asks for it.
 *
 * ISO 15118-20 requires TLS 1.3 with TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256 [V2G20-2459]. Its
 * certificates are secp521r1 with SHA-512 or Ed448, so both ends sign with ecdsa_secp521r1_sha512 or ed448, and accept
 * ecdsa_secp256r1_sha256 besides (a station may still present its -2 chain over TLS 1.3). Key exchange: the EVCC
 * offers secp521r1 and X448, the groups of the -20 certificates' curves (the standard's list is not public:
 * unverified); the SECC also accepts secp256r1, because fielded EVCCs offer nothing else even against P-521
 * certificates. Mutual authentication (the vehicle's OEM chain as TLS client certificate) is the SECC's choice,
 * made in tls.ts.
 */
import { getCiphers, type SecureVersion } from 'node:tls';
import type { ConnectionSecurity } from '../base/connection-events.js';

export type TlsVersion = Extract<ConnectionSecurity, 'tls1.2' | 'tls1.3'>;

export interface TlsProfile {
  readonly protocol: SecureVersion;
  /** OpenSSL cipher list for the SECC (server) and for the EVCC (client). */
  readonly serverCiphers: string;
  readonly clientCiphers: string;
  /** OpenSSL group lists: what the SECC accepts, what the EVCC offers. */
  readonly serverCurves?: string;
  readonly clientCurves?: string;
  readonly sigalgs?: string;
}

const ECDHE_ECDSA_AES128_SHA256 = 'ECDHE-ECDSA-AES128-SHA256';
const ECDH_ECDSA_AES128_SHA256 = 'ECDH-ECDSA-AES128-SHA256';
const staticEcdhAvailable = getCiphers().includes(ECDH_ECDSA_AES128_SHA256.toLowerCase());

export const TLS_PROFILES: Readonly<Record<TlsVersion, TlsProfile>> = {
  'tls1.2': {
    protocol: 'TLSv1.2',
    serverCiphers: staticEcdhAvailable ? `${ECDHE_ECDSA_AES128_SHA256}:${ECDH_ECDSA_AES128_SHA256}` : ECDHE_ECDSA_AES128_SHA256,
    // The EVCC needs one of the two; ECDHE gives forward secrecy and is the one every OpenSSL has (Josev does the same).
    clientCiphers: ECDHE_ECDSA_AES128_SHA256,
    serverCurves: 'P-256',
    clientCurves: 'P-256',
    sigalgs: 'ECDSA+SHA256',
  },
  'tls1.3': {
    protocol: 'TLSv1.3',
    serverCiphers: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256',
    clientCiphers: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256',
    serverCurves: 'P-521:X448:P-256',
    clientCurves: 'P-521:X448',
    sigalgs: 'ecdsa_secp521r1_sha512:ed448:ecdsa_secp256r1_sha256',
  },
};
