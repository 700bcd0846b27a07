/**
 * ContractAuthenticationReq, EIM: Finished once the EVSE saw the identification (RFID, app, button) or its backend
 * accepted, Ongoing until then [V2G-DC-497]; refused: FAILED.
 */
import { eimAuthorization } from '../../../session/secc/secc-pending.js';
import { respond } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleContractAuthentication: DinHandler<'ContractAuthenticationReq'> = (_, c) => {
  const authorization = eimAuthorization(c);
  const processing = authorization === 'pending' ? 'Ongoing' : 'Finished';
  return respond('ContractAuthenticationRes', { ResponseCode: authorization === 'refused' ? 'FAILED' : 'OK', EVSEProcessing: processing }, { processing });
};
