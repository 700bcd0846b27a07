/**
 * The ISO 15118-20 messages that open and close a session, common to every service: SessionSetup,
 * AuthorizationSetup, Authorization (EIM here; Plug & Charge keeps its place: its request part is built where the
 * contract signature is made) and SessionStop; request builders (EV facts), response builders (EVSE facts), readers.
 */
import type {
  AuthorizationReqType,
  AuthorizationResType,
  AuthorizationSetupResType,
  PnC_AReqAuthorizationModeType,
  SessionSetupReqType,
  SessionSetupResType,
  SessionStopReqType,
  authorizationType,
  chargingSessionType,
} from '../../codecs/exi/generated/iso20-common.types.js';
import type { responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { compact } from './iso20-compact.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import type { CodeResFacts, ProcessingResFacts } from './iso20-response-codes.js';

type CommonDocument = V2gDocument<'iso20-common'>;

export function sessionSetupReq(ctx: MessageContext, evccId: string): CommonDocument {
  return v2gDocument('iso20-common', { SessionSetupReq: { Header: headerOf(ctx), EVCCID: evccId } });
}

export function readSessionSetupReq(req: SessionSetupReqType): { readonly evccId: string } {
  return { evccId: req.EVCCID };
}

export interface SessionSetupResFacts extends CodeResFacts {
  readonly evseId: string;
}

/** The SECC's answer, with the SessionID it assigned (new) or kept (OK_OldSessionJoined) in the context. */
export function sessionSetupRes(ctx: MessageContext, f: SessionSetupResFacts): CommonDocument {
  return v2gDocument('iso20-common', { SessionSetupRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEID: f.evseId } });
}

export function readSessionSetupRes(res: SessionSetupResType): SessionSetupResFacts {
  return { responseCode: res.ResponseCode, evseId: res.EVSEID };
}

export function authorizationSetupReq(ctx: MessageContext): CommonDocument {
  return v2gDocument('iso20-common', { AuthorizationSetupReq: { Header: headerOf(ctx) } });
}

export interface AuthorizationSetupResFacts extends CodeResFacts {
  /** The services the station offers, in its order of preference. */
  readonly services: readonly authorizationType[];
  readonly certificateInstallationService: boolean;
  /** Plug & Charge's challenge (16 bytes) and the eMSPs the station accepts; absent: the EIM mode element. */
  readonly pnc?: { readonly genChallenge: Uint8Array; readonly supportedProviders?: readonly string[] };
}

/**
 * The mode element follows the offer: with PnC offered the PnC element (challenge) goes, else the empty EIM element
 * [V2G20-2567] [V2G20-2568].
 */
export function authorizationSetupRes(ctx: MessageContext, f: AuthorizationSetupResFacts): CommonDocument {
  const res: AuthorizationSetupResType = {
    Header: headerOf(ctx),
    ResponseCode: f.responseCode,
    AuthorizationServices: [...f.services],
    CertificateInstallationService: f.certificateInstallationService,
  };
  if (f.pnc) {
    res.PnC_ASResAuthorizationMode = compact({
      GenChallenge: f.pnc.genChallenge,
      SupportedProviders: f.pnc.supportedProviders && { ProviderID: [...f.pnc.supportedProviders] },
    });
  } else {
    res.EIM_ASResAuthorizationMode = {};
  }
  return v2gDocument('iso20-common', { AuthorizationSetupRes: res });
}

export function readAuthorizationSetupRes(res: AuthorizationSetupResType): AuthorizationSetupResFacts {
  const pnc = res.PnC_ASResAuthorizationMode;
  return compact({
    responseCode: res.ResponseCode,
    services: res.AuthorizationServices,
    certificateInstallationService: res.CertificateInstallationService,
    pnc: pnc && compact({ genChallenge: pnc.GenChallenge, supportedProviders: pnc.SupportedProviders?.ProviderID }),
  });
}

/** EIM carries nothing; PnC its signed mode element, made by the contract's signer. */
export type AuthorizationReqFacts = { readonly service: 'EIM' } | { readonly service: 'PnC'; readonly pnc: PnC_AReqAuthorizationModeType };

export function authorizationReq(ctx: MessageContext, f: AuthorizationReqFacts): CommonDocument {
  const req: AuthorizationReqType =
    f.service === 'EIM'
      ? { Header: headerOf(ctx), SelectedAuthorizationService: 'EIM', EIM_AReqAuthorizationMode: {} }
      : { Header: headerOf(ctx), SelectedAuthorizationService: 'PnC', PnC_AReqAuthorizationMode: f.pnc };
  return v2gDocument('iso20-common', { AuthorizationReq: req });
}

/**
 * The service the EV selected. A request whose mode element does not match its SelectedAuthorizationService is read
 * by the selection (the SECC answers WARNING_AuthorizationSelectionInvalid where the mode it needs is missing).
 */
export function readAuthorizationReq(req: AuthorizationReqType): AuthorizationReqFacts | { readonly service: 'PnC'; readonly pnc?: undefined } {
  if (req.SelectedAuthorizationService === 'EIM') return { service: 'EIM' };
  return req.PnC_AReqAuthorizationMode ? { service: 'PnC', pnc: req.PnC_AReqAuthorizationMode } : { service: 'PnC' };
}

export function authorizationRes(ctx: MessageContext, f: ProcessingResFacts): CommonDocument {
  return v2gDocument('iso20-common', { AuthorizationRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEProcessing: f.processing } });
}

export function readAuthorizationRes(res: AuthorizationResType): ProcessingResFacts {
  return { responseCode: res.ResponseCode, processing: res.EVSEProcessing };
}

export interface SessionStopReqFacts {
  /** Terminate ends the session; Pause keeps it to be joined later; ServiceRenegotiation goes on at ServiceDiscovery. */
  readonly chargingSession: chargingSessionType;
  readonly terminationCode?: string;
  readonly terminationExplanation?: string;
}

export function sessionStopReq(ctx: MessageContext, f: SessionStopReqFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    SessionStopReq: compact({
      Header: headerOf(ctx),
      ChargingSession: f.chargingSession,
      EVTerminationCode: f.terminationCode,
      EVTerminationExplanation: f.terminationExplanation,
    }),
  });
}

export function readSessionStopReq(req: SessionStopReqType): SessionStopReqFacts {
  return compact({ chargingSession: req.ChargingSession, terminationCode: req.EVTerminationCode, terminationExplanation: req.EVTerminationExplanation });
}

export function sessionStopRes(ctx: MessageContext, f: CodeResFacts): CommonDocument {
  return v2gDocument('iso20-common', { SessionStopRes: { Header: headerOf(ctx), ResponseCode: f.responseCode } });
}

/** The code of any response that carries only its code. */
export function readCodeRes(res: { readonly ResponseCode: responseCodeType }): CodeResFacts {
  return { responseCode: res.ResponseCode };
}
