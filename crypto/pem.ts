/**
 * PEM armour (RFC 7468) around DER: certificates (`CERTIFICATE`) and PKCS#8 private keys (`PRIVATE KEY`), the two
 * forms Node's TLS stack and OpenSSL tooling read.
 */
import { PkiError } from './errors.js';

export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY';

export function derToPem(label: PemLabel, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g;

/** Every block labelled `label` in `text`, in order (a chain file holds several certificates). */
export function pemToDerAll(label: PemLabel, text: string, where = 'PEM text'): Uint8Array[] {
  const blocks = [...text.matchAll(PEM_BLOCK)].filter((m) => m[1] === label);
  if (blocks.length === 0) throw new PkiError(where, `no "${label}" PEM block`);
  return blocks.map((m) => new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
}

/** The single block labelled `label` in `text`; a second one is an error, since silently dropping it would hide a mix-up. */
export function pemToDer(label: PemLabel, text: string, where = 'PEM text'): Uint8Array {
  const all = pemToDerAll(label, text, where);
  if (all.length > 1) throw new PkiError(where, `${all.length} "${label}" PEM blocks where one was expected`);
  return all[0]!;
}
