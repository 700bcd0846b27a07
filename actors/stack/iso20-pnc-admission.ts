/**
 * Plug & Charge in an admitted ISO 15118-20 session over TLS: the offer its machine is started with (iso20-pnc-offer.ts),
 * with a challenge of this session's own, chosen here since the machine draws no random numbers. Other protocols'
 * admissions pass unchanged (ISO 15118-2's contract sessions are their own).
 */
import { randomBytes } from 'node:crypto';
import type { SeccAdmission } from '../../machines/stack/secc-connection.js';
import type { SeccPlugAndCharge } from './secc-station.js';

/** GenChallenge is 16 bytes in -20 (genChallengeType). */
const GEN_CHALLENGE_LENGTH = 16;

/** `tls`: the connection is TLS; PnC is never offered over plain TCP. */
export function iso20PncOffer(admission: SeccAdmission, plugAndCharge: SeccPlugAndCharge | undefined, tls: boolean): SeccAdmission {
  if (!tls || plugAndCharge === undefined || !admission.ok || (admission.protocol !== 'iso20-dc' && admission.protocol !== 'iso20-ac')) return admission;
  const pnc = { genChallenge: new Uint8Array(randomBytes(GEN_CHALLENGE_LENGTH)), moRoots: plugAndCharge.moRoots, certificateInstallation: plugAndCharge.certificateInstallation ?? true };
  return { ...admission, input: { ...admission.input, pnc } };
}
