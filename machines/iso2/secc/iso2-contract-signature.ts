/**
 * Plug & Charge requests the EV signs with its contract key (AuthorizationReq, MeteringReceiptReq) checked
 * against the contract PaymentDetailsReq presented, and the EV's message rebuilt as it came for a signature's check
 * or for forwarding: the body element under the header that carried the signature.
 */
import { X509Certificate } from 'node:crypto';
import { verifyMessage } from '../../../crypto/xmldsig/verify.js';
import type { SeccRequestHeader } from '../../session/secc/secc-answer.js';
import type { Iso2Message, Iso2RequestName } from '../iso2-messages.js';
import type { Iso2AcceptedContract } from '../secc-context.js';

/** The V2G_Message the request came in: its SessionID and Signature, and the one body element. */
export function receivedMessage(name: Iso2RequestName, request: object, header: SeccRequestHeader): Iso2Message {
  const Header = header.signature === undefined ? { SessionID: header.sessionId } : { SessionID: header.sessionId, Signature: header.signature };
  return { V2G_Message: { Header, Body: { [name]: request } } } as Iso2Message;
}

/** The request carries a signature by the contract's key over every element the standard has it sign. */
export function signedByContract(contract: Iso2AcceptedContract, name: Iso2RequestName, request: object, header: SeccRequestHeader): boolean {
  if (header.signature === undefined) return false;
  const result = verifyMessage('iso2', receivedMessage(name, request, header), new X509Certificate(contract.chain[0]!));
  return result.verified && result.unsigned.length === 0;
}
