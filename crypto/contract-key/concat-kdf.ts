/**
 * The single-step concatenation key derivation function of NIST SP 800-56A (5.8.1): K = the leftmost `length` bytes
 * of H(counter=1 ‖ Z ‖ OtherInfo) ‖ H(counter=2 ‖ …) ‖ …, the counter a 32-bit big-endian integer.
 */
import { createHash } from 'node:crypto';

/**
 * OtherInfo of both V2G standards: AlgorithmID 0x01, PartyUInfo "U" (0x55, the sender of the key), PartyVInfo "V"
 * (0x56, the EV), one byte each, no SuppPubInfo/SuppPrivInfo ([V2G2-818]; [V2G20-2535]).
 */
export const V2G_OTHER_INFO = Uint8Array.of(0x01, 0x55, 0x56);

export function concatKdf(hash: 'sha256' | 'sha512', z: Uint8Array, otherInfo: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let i = 1, at = 0; at < length; i++) {
    new DataView(counter.buffer).setUint32(0, i);
    const block = createHash(hash).update(counter).update(z).update(otherInfo).digest();
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}
