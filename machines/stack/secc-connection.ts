/**
 * The SECC's side of one EV's connection, as one machine whose children are its layers: the supportedAppProtocol
 * handshake, then, once the station has admitted the session (a power stage free, the paused sessions it may resume),
 * the chosen protocol's session machine. The handshake's and sessions' machines and the admission, which reads the
 * station's state, are given by the shell (`provide({ actors })`, actors/stack/secc-station.ts): this file stays pure.
 *
 * V2G_SECC_CommunicationSetup_Performance_Time runs beside the layers from the connection's acceptance to the
 * SessionSetupReq that opens the session [V2G2-723], and ends the connection wherever it is when it runs out. The shell
 * tells this machine of SessionSetupReq with one event, so the session's messages cost it no step.
 */
import { assign, enqueueActions, setup, type InputFrom, type PromiseActorLogic } from 'xstate';
import type { ConnectionSecurity } from '../../base/connection-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import type { seccHandshakeMachine } from '../apphand/secc-handshake.js';
import type { HandshakeOutcome } from '../apphand/handshake-outcome.js';
import type { dinSeccMachine } from '../din/din-secc.js';
import type { iso2SeccMachine } from '../iso2/iso2-secc.js';
import type { iso20SeccMachine } from '../iso20/secc/iso20-secc.js';
import type { ChannelCommand, SessionOutcome } from '../session/session-events.js';
import type { Timing } from '../timing/v2g-timers.js';
import { communicationSetupTimer } from './communication-setup-timer.js';
import { failed, handshakeFailure, messageOf, sessionProtocolOf } from './layer-outcome.js';
import { isIso20Session, type Iso20SessionProtocol, type SessionProtocol } from './session-protocol.js';

export interface SeccConnectionInput {
  /** The shell's name for this connection (the station numbers them); the admission is asked by it. */
  readonly connection: string;
  /** The protocols this SECC runs; the EVCC's priorities decide among them. */
  readonly supported: readonly V2gProtocol[];
  readonly security: ConnectionSecurity;
  /** V2G_SECC_CommunicationSetup_Performance_Time, and the handshake's timers. */
  readonly timing: Timing;
}

/** What the admission is asked: may this connection's session run, in the protocol the handshake chose. */
export interface SeccAdmissionRequest {
  readonly connection: string;
  readonly protocol: SessionProtocol;
}

/** The station's answer: the session's input, or why it may not run. */
export type SeccAdmission =
  | { readonly ok: true; readonly protocol: 'din'; readonly input: InputFrom<typeof dinSeccMachine> }
  | { readonly ok: true; readonly protocol: 'iso2'; readonly input: InputFrom<typeof iso2SeccMachine> }
  | { readonly ok: true; readonly protocol: Iso20SessionProtocol; readonly input: InputFrom<typeof iso20SeccMachine> }
  | { readonly ok: false; readonly reason: string };

/** The SessionSetupReq arrived: the shell's one word about the session's messages. */
export interface SessionSetupRequestedEvent {
  readonly type: 'SessionSetupReq';
}

/** The children's logic, given by the shell; only their types are known here. */
export type SeccConnectionActors = {
  readonly apphand: typeof seccHandshakeMachine;
  readonly admission: PromiseActorLogic<SeccAdmission, SeccAdmissionRequest>;
  readonly 'din-secc': typeof dinSeccMachine;
  readonly 'iso2-secc': typeof iso2SeccMachine;
  readonly 'iso20-secc': typeof iso20SeccMachine;
};

export interface SeccConnectionContext {
  readonly input: SeccConnectionInput;
  readonly protocol?: SessionProtocol;
  readonly admission?: SeccAdmission;
  readonly outcome?: SessionOutcome;
}


/** The admitted session's input, for the protocol whose state invokes it. */
function admittedInput(admission: SeccAdmission | undefined, protocol: 'din'): InputFrom<typeof dinSeccMachine>;
function admittedInput(admission: SeccAdmission | undefined, protocol: 'iso2'): InputFrom<typeof iso2SeccMachine>;
function admittedInput(admission: SeccAdmission | undefined, protocol: 'iso20'): InputFrom<typeof iso20SeccMachine>;
function admittedInput(admission: SeccAdmission | undefined, protocol: SessionFamily): SeccAdmission extends infer A ? (A extends { readonly input: infer I } ? I : never) : never {
  if (admission?.ok !== true || familyOf(admission.protocol) !== protocol) throw new Error(`no ${protocol} session was admitted`);
  return admission.input;
}

/** The session machines by protocol: ISO 15118-20's one machine serves both of its namespaces. */
type SessionFamily = 'din' | 'iso2' | 'iso20';
const familyOf = (protocol: SessionProtocol): SessionFamily => (isIso20Session(protocol) ? 'iso20' : protocol);

export const seccConnectionMachine = setup({
  types: {
    input: {} as SeccConnectionInput,
    context: {} as SeccConnectionContext,
    events: {} as SessionSetupRequestedEvent,
    emitted: {} as ChannelCommand,
    output: {} as SessionOutcome,
  },
  // Given by the shell with `provide`: the station's state lives there, and the session machines where the protocols are.
  actors: {} as SeccConnectionActors,
  delays: {
    V2G_SECC_CommunicationSetup_Performance_Time: ({ context }) => context.input.timing.session.V2G_SECC_CommunicationSetup_Performance_Time,
  },
  guards: {
    sessionProtocol: (_, params: { outcome: HandshakeOutcome }) => sessionProtocolOf(params.outcome) !== undefined,
    handshakeFailed: (_, params: { outcome: HandshakeOutcome }) => !params.outcome.ok,
    admitted: (_, params: { admission: SeccAdmission; family: SessionFamily }) => params.admission.ok && familyOf(params.admission.protocol) === params.family,
  },
  actions: {
    noteProtocol: assign({ protocol: (_, params: { outcome: HandshakeOutcome }) => sessionProtocolOf(params.outcome) }),
    noteAdmission: assign({ admission: (_, params: { admission: SeccAdmission }) => params.admission }),
    fail: assign({ outcome: (_, params: { reason: string }) => failed(params.reason) }),
    failHandshake: assign({ outcome: (_, params: { outcome: HandshakeOutcome }) => handshakeFailure(params.outcome) }),
    failAdmission: assign({ outcome: (_, params: { admission: SeccAdmission }) => failed(params.admission.ok ? 'admitted to no session' : params.admission.reason) }),
    failSetupTimeout: assign({
      outcome: ({ context }) =>
        failed(`V2G_SECC_CommunicationSetup_Performance_Time: no ${context.protocol === undefined ? 'supportedAppProtocolReq' : 'SessionSetupReq'}`),
    }),
    end: assign({ outcome: (_, params: { outcome: SessionOutcome }) => params.outcome }),
    // What this machine ends itself it closes; a handshake or session that ended closed the channel its own way.
    closeChannel: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'channel.close', reason: context.outcome?.reason ?? 'failed' });
    }),
  },
}).createMachine({
  id: 'secc-connection',
  context: ({ input }) => ({ input }),
  initial: 'communicating',
  states: {
    communicating: {
      type: 'parallel',
      states: {
        communicationSetup: communicationSetupTimer('V2G_SECC_CommunicationSetup_Performance_Time', 'SessionSetupReq', {
          target: '#secc-connection.closed',
          actions: 'failSetupTimeout',
        }),
        layers: {
          initial: 'handshake',
          states: {
            handshake: {
              invoke: {
                src: 'apphand',
                id: 'apphand',
                input: ({ context }) => ({ supported: context.input.supported, security: context.input.security, timing: context.input.timing }),
                onDone: [
                  {
                    guard: { type: 'sessionProtocol', params: ({ event }) => ({ outcome: event.output }) },
                    target: 'admitting',
                    actions: { type: 'noteProtocol', params: ({ event }) => ({ outcome: event.output }) },
                  },
                  // A failed handshake has closed the connection itself (Failed_NoNegotiation sent first [V2G2-172]).
                  {
                    guard: { type: 'handshakeFailed', params: ({ event }) => ({ outcome: event.output }) },
                    target: '#secc-connection.ended',
                    actions: { type: 'failHandshake', params: ({ event }) => ({ outcome: event.output }) },
                  },
                  { target: '#secc-connection.closed', actions: { type: 'failHandshake', params: ({ event }) => ({ outcome: event.output }) } },
                ],
                onError: { target: '#secc-connection.closed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            admitting: {
              invoke: {
                src: 'admission',
                id: 'admission',
                input: ({ context }) => ({ connection: context.input.connection, protocol: context.protocol! }),
                onDone: [
                  {
                    guard: { type: 'admitted', params: ({ event }) => ({ admission: event.output, family: 'din' as const }) },
                    target: 'din',
                    actions: { type: 'noteAdmission', params: ({ event }) => ({ admission: event.output }) },
                  },
                  {
                    guard: { type: 'admitted', params: ({ event }) => ({ admission: event.output, family: 'iso2' as const }) },
                    target: 'iso2',
                    actions: { type: 'noteAdmission', params: ({ event }) => ({ admission: event.output }) },
                  },
                  {
                    guard: { type: 'admitted', params: ({ event }) => ({ admission: event.output, family: 'iso20' as const }) },
                    target: 'iso20',
                    actions: { type: 'noteAdmission', params: ({ event }) => ({ admission: event.output }) },
                  },
                  { target: '#secc-connection.closed', actions: { type: 'failAdmission', params: ({ event }) => ({ admission: event.output }) } },
                ],
                onError: { target: '#secc-connection.closed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            din: {
              invoke: {
                src: 'din-secc',
                id: 'din-secc',
                input: ({ context }) => admittedInput(context.admission, 'din'),
                onDone: { target: '#secc-connection.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#secc-connection.closed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            iso2: {
              invoke: {
                src: 'iso2-secc',
                id: 'iso2-secc',
                input: ({ context }) => admittedInput(context.admission, 'iso2'),
                onDone: { target: '#secc-connection.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#secc-connection.closed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            iso20: {
              invoke: {
                src: 'iso20-secc',
                id: 'iso20-secc',
                input: ({ context }) => admittedInput(context.admission, 'iso20'),
                onDone: { target: '#secc-connection.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#secc-connection.closed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
          },
        },
      },
    },
    /** The handshake or the session ended the connection, which it closed its own way. */
    ended: { type: 'final' },
    /** This machine ended the connection: it closes it, with the reason. */
    closed: { type: 'final', entry: 'closeChannel' },
  },
  output: ({ context }) => context.outcome ?? failed('the connection has not ended'),
});
