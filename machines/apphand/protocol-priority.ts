/**
 * Which protocols each side brings to the supportedAppProtocol handshake when it runs ISO 15118-20 beside DIN 70121
 * and ISO 15118-2. The EVCC offers by its own priority [V2G20-167]: the newest protocol of its energy kind first, so
 * a -20 station runs -20, an older one -2, a DIN-only one DIN; the connection then filters what it allows (-20 only on
 * TLS 1.3, DIN only on TCP: protocols.ts). The SECC lists what it runs; the EV's priorities decide (negotiation.ts).
 * -20 AC and DC are separate namespaces: an EV offers the one of the inlet it charges through, BPT being a service
 * inside it, not a protocol of its own.
 */
import { isIso20, type V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export type EnergyKind = 'ac' | 'dc';
/** A standard as a side runs it, whatever its energy kind. */
export type ProtocolFamily = 'din' | 'iso2' | 'iso20';
const ALL: readonly ProtocolFamily[] = ['iso20', 'iso2', 'din'];
const familyOf = (p: V2gProtocol): ProtocolFamily => (isIso20(p) ? 'iso20' : (p as 'din' | 'iso2'));

/** The EVCC's offer, most preferred first: -20 of its kind, then -2, then (DC only) DIN. */
export function evccProtocolPriority(kind: EnergyKind, runs: readonly ProtocolFamily[] = ALL): V2gProtocol[] {
  const order: V2gProtocol[] = kind === 'dc' ? ['iso20-dc', 'iso2', 'din'] : ['iso20-ac', 'iso2'];
  return order.filter((p) => runs.includes(familyOf(p)));
}

/** What an SECC runs, by the energy kinds its outlet supplies: -20 of each kind and -2 for both; DIN for DC. */
export function seccSupportedProtocols(kinds: readonly EnergyKind[], runs: readonly ProtocolFamily[] = ALL): V2gProtocol[] {
  const supported = new Set<V2gProtocol>();
  for (const kind of kinds) for (const p of evccProtocolPriority(kind, runs)) supported.add(p);
  return [...supported];
}
