/**
 * The EVCC's reading of AuthorizationRes and CertificateInstallationRes: a Finished answer with a WARNING code
 * (WARNING_EIMAuthorizationFailure, WARNING_AuthorizationSelectionInvalid, PnC's WARNING_Certificate*,
 * WARNING_NoContractMatchingPCIDFound…) refuses it: the session does not fail, the EV ends it the normal way, naming
 * the code. Which service the EV authorizes with is iso20-evcc-pnc.ts's choice. Pure, table-tested.
 */
import type { AuthorizationResType, CertificateInstallationResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { responseVerdict } from '../iso20-response-codes.js';

export type AuthorizationAnswer = 'granted' | 'ongoing' | 'refused';

export function authorizationAnswer(res: AuthorizationResType | CertificateInstallationResType): AuthorizationAnswer {
  if (responseVerdict(res.ResponseCode) === 'warning') return 'refused';
  return res.EVSEProcessing === 'Finished' ? 'granted' : 'ongoing';
}
