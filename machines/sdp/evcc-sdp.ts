/**
 * The EVCC's SDP client (ISO 15118-2 §7.10.1, the same in DIN SPEC 70121 and ISO 15118-20): send an SDP request,
 * wait SDP_Response_Timeout for a usable response, send again, and give up after SDP_Max_Request_Counter requests
 * (ISO 15118-20 [V2G20-157] to [V2G20-162]; ISO 15118-2 [V2G2-159] and [V2G2-161] alike). Pure: it asks for a
 * datagram by emitting `sdp.send` and is told what came back by `sdp.response` (decoded), `sdp.invalid`
 * (undecodable) and `sdp.sendFailed`; actors/sdp/discover-secc.ts does the I/O.
 */
import { assign, emit, setup } from 'xstate';
import { ipv6ToText } from '../../codecs/net/address.js';
import { TransportProtocol, type SdpRequest, type SdpResponse } from '../../codecs/sdp/index.js';
import { securityByte, securityOf, type SdpSecurity } from './security.js';
import { sdpTimingFor, type SdpTiming } from './timing.js';

export interface EvccSdpInput {
  /** The security the EVCC asks for. */
  readonly security: SdpSecurity;
  /**
   * Accept a response offering no TLS to a request for TLS: an OEM's choice of charging over security (Josev's
   * ENFORCE_TLS = false). Default false: such a response is not usable.
   */
  readonly acceptNoTls?: boolean;
  readonly timing?: Partial<SdpTiming>;
}

export type EvccSdpEvent =
  | { readonly type: 'sdp.response'; readonly response: SdpResponse }
  /** A datagram that is not an SDP response (malformed, or an SDP request); `reason` names the fault. */
  | { readonly type: 'sdp.invalid'; readonly reason: string }
  /** The system refused to send a request (e.g. no route to ff02::1 on that interface). */
  | { readonly type: 'sdp.sendFailed'; readonly reason: string };

export type EvccSdpEmitted = { readonly type: 'sdp.send'; readonly request: SdpRequest };

/** Where the SECC's V2G server is: what the EVCC connects to next. */
export interface DiscoveredSecc {
  /** IPv6 text form (RFC 5952), without a scope: the actor adds the interface for link-local addresses. */
  readonly address: string;
  readonly port: number;
  readonly security: SdpSecurity;
  readonly transport: 'tcp';
}

export type SdpResult =
  | { readonly ok: true; readonly secc: DiscoveredSecc }
  | { readonly ok: false; readonly reason: string };

interface EvccSdpContext {
  readonly request: SdpRequest;
  readonly acceptNoTls: boolean;
  readonly timing: SdpTiming;
  readonly requestsSent: number;
  readonly secc?: DiscoveredSecc;
  /** The latest reason a datagram was not usable, or a send failed: said in the failure reason. */
  readonly lastFault?: string;
}

/**
 * A response is usable when the EVCC can go on to connect with it ([V2G20-158] NOTE: "valid" means a valid address
 * was received and communication setup can continue). So a response offering another security than asked for is
 * not usable and is handled like no response: the EVCC keeps waiting, then asks again. The SECC may legitimately
 * answer that way (it offers what it has, [V2G20-624]; EVerest does so), and a later SECC on the same link may
 * answer better. The one exception is `acceptNoTls`.
 */
function judge(response: SdpResponse, context: EvccSdpContext): DiscoveredSecc | string {
  if (response.wireless) return 'a wireless SDP response (0x9003) to a wired SDP request';
  if (response.TransportProtocol !== TransportProtocol.TCP) {
    return 'the SDP response offers UDP; V2G messages run on TCP only';
  }
  const address = ipv6ToText(response.SECCIPAddress);
  if (address === '::' || response.SECCIPAddress[0] === 0xff) {
    return `SECCIPAddress ${address} is not a unicast address`;
  }
  if (response.SECCPort === 0) return 'SECCPort 0 is not a port to connect to';
  const offered = securityOf(response.Security);
  const asked = securityOf(context.request.Security);
  if (offered !== asked && !(asked === 'tls' && context.acceptNoTls)) {
    return `the SDP response offers ${spoken(offered)}, the EVCC asked for ${spoken(asked)}`;
  }
  return { address, port: response.SECCPort, security: offered, transport: 'tcp' };
}

const spoken = (security: SdpSecurity): string => (security === 'tls' ? 'TLS' : 'no TLS');

function failure({ requestsSent, timing, lastFault }: EvccSdpContext): string {
  const fault = lastFault === undefined ? '' : `; last fault: ${lastFault}`;
  const each = `SDP_Response_Timeout ${timing.SDP_Response_Timeout} ms each`;
  return `no usable SDP response after ${requestsSent} SDP requests, ${each}${fault}`;
}

export const evccSdpMachine = setup({
  types: {} as {
    context: EvccSdpContext;
    input: EvccSdpInput;
    events: EvccSdpEvent;
    emitted: EvccSdpEmitted;
    output: SdpResult;
  },
  delays: {
    SDP_Response_Timeout: ({ context }) => context.timing.SDP_Response_Timeout,
  },
  guards: {
    mayResend: ({ context }) => context.requestsSent < context.timing.SDP_Max_Request_Counter,
    usable: ({ context, event }) => event.type === 'sdp.response' && typeof judge(event.response, context) !== 'string',
  },
  actions: {
    countRequest: assign({ requestsSent: ({ context }) => context.requestsSent + 1 }),
    sendSdpRequest: emit(({ context }) => ({ type: 'sdp.send' as const, request: context.request })),
    takeSecc: assign({
      secc: ({ context, event }) =>
        event.type === 'sdp.response' ? (judge(event.response, context) as DiscoveredSecc) : context.secc,
    }),
    noteFault: assign({
      lastFault: ({ context, event }) => {
        if (event.type === 'sdp.response') return judge(event.response, context) as string;
        return event.reason;
      },
    }),
  },
}).createMachine({
  id: 'evcc-sdp',
  context: ({ input }) => ({
    request: {
      kind: 'SDPRequest',
      wireless: false,
      Security: securityByte(input.security),
      TransportProtocol: TransportProtocol.TCP,
    },
    acceptNoTls: input.acceptNoTls ?? false,
    timing: sdpTimingFor(input.timing),
    requestsSent: 0,
  }),
  initial: 'discovering',
  states: {
    // Re-entered for every request: entry sends it ([V2G20-160]) and restarts SDP_Response_Timeout.
    discovering: {
      entry: ['countRequest', 'sendSdpRequest'],
      on: {
        'sdp.response': [{ guard: 'usable', target: 'discovered', actions: 'takeSecc' }, { actions: 'noteFault' }],
        'sdp.invalid': { actions: 'noteFault' },
        'sdp.sendFailed': { actions: 'noteFault' },
      },
      after: {
        SDP_Response_Timeout: [{ guard: 'mayResend', target: 'discovering', reenter: true }, { target: 'failed' }],
      },
    },
    discovered: { type: 'final' },
    // [V2G20-162]: the caller treats this like the communication setup timeout (no HLC; e.g. basic PWM charging).
    failed: { type: 'final' },
  },
  output: ({ context }) =>
    context.secc === undefined ? { ok: false, reason: failure(context) } : { ok: true, secc: context.secc },
});
