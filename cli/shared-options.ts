/**
 * What `demo`, `evcc` and `secc` share on the command line: the test PKI's place, the protocol list, the EVCCID of
 * an interface.
 */
import { readFile } from 'node:fs/promises';
import { defaultTestPkiDir } from '../crypto/index.js';
import { UsageError } from './errors.js';
import type { SessionProtocol } from '../actors/stack/session-machines.js';

/** Where the generated test PKI lives unless `--pki DIR` says otherwise: shared by an SECC and an EVCC of this user. */
export const DEFAULT_PKI_DIR = defaultTestPkiDir();

/**
 * The simulated station's EVSEIDs: ISO 15118's alphanumeric form for ISO 15118-2, and DIN SPEC 91286's numeric form
 * for DIN 70121, whose hexBinary EVSEID carries digits and separators only (DIN SPEC 70121 §9.4.1.2.3).
 */
export const DEFAULT_EVSE_ID = 'DE*KPH*E0000001';
export const DEFAULT_DIN_EVSE_ID = '+49*810*000*001';

/**
 * `--strict`: read the peer's messages in conformance mode. By default a session reads what the field sends (values
 * outside a facet, the field codecs' quirks) with a warning in the log and the inspector; what we send is always valid.
 */
export const STRICT_OPTION = { strict: { type: 'boolean', default: false } } as const;
export const STRICT_USAGE = `  --strict          read the peer's messages in EXI conformance mode: reject values outside the XSD's facets and
                    the field codecs' quirks (default: read them, with a warning in the log and the inspector)`;

/** What `--protocols` names: the standards, ISO 15118-20 of the command's energy kind (`iso20-ac` or `iso20-dc`). */
const PROTOCOL_NAMES = ['din', 'iso2', 'iso20'] as const;

/** The protocols listed, in their order; `iso20` is the namespace of `mode`'s energy kind. */
export function parseProtocols(text: string, mode: 'ac' | 'dc'): SessionProtocol[] {
  return text.split(',').map((name) => {
    const p = name.trim();
    if (!(PROTOCOL_NAMES as readonly string[]).includes(p)) throw new UsageError(`--protocols: ${JSON.stringify(p)} is not one of ${PROTOCOL_NAMES.join(', ')}`);
    return p === 'iso20' ? (`iso20-${mode}` as const) : (p as SessionProtocol);
  });
}

export function parseNumber(option: string, text: string, min = 0): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`--${option} ${text}: ${min === Number.MIN_VALUE ? 'a positive number' : `a number of at least ${min}`}`);
  return value;
}

/** EVCCID is the MAC of the EVCC's PLC interface [V2G2-879]; without an interface, a locally administered one. */
export async function evccIdOf(iface: string | undefined): Promise<Uint8Array> {
  if (!iface) return new Uint8Array([0x02, 0x4b, 0x50, 0x48, 0x00, 0x01]);
  const text = (await readFile(`/sys/class/net/${iface}/address`, 'utf8')).trim();
  return Uint8Array.from(text.split(':').map((h) => parseInt(h, 16)));
}
