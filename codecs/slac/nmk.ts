import { createHash, randomBytes } from 'node:crypto';
import { NID_LENGTH } from './nid.js';

/** The network membership key is an AES-128 key. */
export const NMK_LENGTH = 16;

/** Any source of `length` random bytes; tests inject a deterministic one. */
export type RandomSource = (length: number) => Uint8Array;

export const cryptoRandom: RandomSource = (length) => new Uint8Array(randomBytes(length));

/**
 * A fresh NMK for the EVSE's private network. EVSEs draw a new one per matching (EVerest on every reset), so that a
 * vehicle matched before cannot rejoin the network without matching again.
 */
export function generateNmk(random: RandomSource = cryptoRandom): Uint8Array {
  const nmk = random(NMK_LENGTH);
  if (nmk.length !== NMK_LENGTH) {
    throw new RangeError(`the random source gave ${nmk.length} bytes, an NMK needs ${NMK_LENGTH}`);
  }
  return Uint8Array.from(nmk);
}

/** The 2-bit security level inside a NID; SLAC networks use 0 (simple connect). */
export type SecurityLevel = 0 | 1 | 2 | 3;

/**
 * The NID of the network an NMK opens (HomePlug AV key derivation, as open-plc-utils `key/HPAVKeyNID.c` and
 * EVerest `generate_nid_from_nmk` implement it): SHA-256 of the NMK, re-hashed 4 more times, no salt. The first six
 * digest octets are kept whole; the 7th keeps only its high nibble, shifted down, with the security level in bits
 * 4–5, so the NID is 52 hash bits plus 2 level bits and its two top bits are zero.
 *
 * Checked against a real known answer: the CM_SLAC_MATCH.CNF of the Alpitronic charger in
 * `pyplc-alpitronic-slac-until-sdp.pcapng` carries NMK 9ED1F8A5B566E83DC4F1700E4A89AFEC and NID B468ACE9FF5603,
 * and open-plc-utils' defaults (NMK of "HomePlugAV" → NID B0F2E695666B03) appear in our modem-pairing capture.
 */
export function nidFromNmk(nmk: Uint8Array, securityLevel: SecurityLevel = 0): Uint8Array {
  if (nmk.length !== NMK_LENGTH) throw new RangeError(`an NMK is ${NMK_LENGTH} bytes, not ${nmk.length}`);
  if (!Number.isInteger(securityLevel) || securityLevel < 0 || securityLevel > 3) {
    throw new RangeError(`security level ${securityLevel} does not fit 2 bits`);
  }
  let digest = sha256(nmk);
  for (let rehash = 0; rehash < 4; rehash++) digest = sha256(digest);
  const nid = digest.slice(0, NID_LENGTH);
  nid[NID_LENGTH - 1] = (securityLevel << 4) | (digest[NID_LENGTH - 1] >>> 4);
  return nid;
}

/** The salt HomePlug AV appends to a network password (NPW) before hashing it into an NMK. */
const NMK_SALT = Uint8Array.of(0x08, 0x85, 0x6d, 0xaf, 0x7c, 0xf5, 0x81, 0x86);

/**
 * The NMK a HomePlug AV network password stands for ("NMK-HS", PBKDF1 with SHA-256): SHA-256 of password ‖ salt,
 * re-hashed 999 more times, first 16 octets (open-plc-utils `key/HPAVKeyNMK.c`, EVerest `generate_nmk_hs`). The
 * password's characters are taken as UTF-8, which for the printable ASCII that HomePlug passwords use is the bytes
 * as typed. Known answer: "HomePlugAV", the HomePlug AV default password → 50D3E4933F855B7040784DF815AA8DB7 (its
 * NID B0F2E695666B03 is the one pyPLC found on an unpaired adapter).
 */
export function nmkFromPassword(password: string): Uint8Array {
  const text = new TextEncoder().encode(password);
  const seed = new Uint8Array(text.length + NMK_SALT.length);
  seed.set(text);
  seed.set(NMK_SALT, text.length);
  let digest = sha256(seed);
  for (let rehash = 0; rehash < 999; rehash++) digest = sha256(digest);
  return digest.slice(0, NMK_LENGTH);
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}
