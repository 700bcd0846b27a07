/**
 * The EVCC's reading of AuthorizationSetupRes and AuthorizationRes: the station must offer the authorization service
 * the EV uses (EIM here; Plug & Charge comes with its own issue), and an AuthorizationRes with a WARNING code
 * (WARNING_EIMAuthorizationFailure, WARNING_AuthorizationSelectionInvalid…) refuses it: the session does not fail,
 * the EV ends it the normal way, naming the code. Pure, table-tested.
 */
import type { AuthorizationResType, AuthorizationSetupResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { responseVerdict } from '../iso20-response-codes.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';

export function authorizationOffered(input: Pick<Iso20EvccInput, 'authorization'>, res: AuthorizationSetupResType): boolean {
  return res.AuthorizationServices.includes(input.authorization);
}

export type AuthorizationAnswer = 'granted' | 'ongoing' | 'refused';

export function authorizationAnswer(res: AuthorizationResType): AuthorizationAnswer {
  if (responseVerdict(res.ResponseCode) === 'warning') return 'refused';
  return res.EVSEProcessing === 'Finished' ? 'granted' : 'ongoing';
}
