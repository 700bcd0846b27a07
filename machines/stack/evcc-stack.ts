/**
 * The EVCC's communication for one charging session, as one machine whose children are its layers: SDP finds the
 * SECC, the connection is dialled (TCP, or TLS when SDP agreed on it), the supportedAppProtocol handshake chooses the
 * protocol, and that protocol's session machine runs the session. Each child is XState's own, so inspection shows
 * the tree as it runs; the children that do I/O (SDP, the dial) and the machines of the handshake and the sessions
 * are given by the shell (`provide({ actors })`, actors/stack/evcc-client.ts), which keeps this file pure.
 *
 * V2G_EVCC_CommunicationSetup_Timeout (20 s in DIN SPEC 70121 and ISO 15118-2 alike, machines/timing/v2g-timers.ts)
 * runs beside the layers from the data link's being ready, which is when this machine starts (SLAC, where used, has run
 * before), to SessionSetupRes, and ends the communication wherever it is when it runs out. The shell tells this
 * machine of SessionSetupRes with one event, so the session's messages cost it no step.
 */
import { assign, enqueueActions, setup, type InputFrom, type PromiseActorLogic } from 'xstate';
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { ConnectionSecurity } from '../../base/connection-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import type { evccHandshakeMachine } from '../apphand/evcc-handshake.js';
import type { HandshakeOutcome } from '../apphand/handshake-outcome.js';
import type { dinEvccMachine } from '../din/din-evcc.js';
import type { iso2EvccMachine } from '../iso2/iso2-evcc.js';
import type { iso20EvccMachine } from '../iso20/evcc/iso20-evcc.js';
import type { DiscoveredSecc, SdpResult } from '../sdp/evcc-sdp.js';
import type { ChannelCommand, SessionOutcome, VehicleEvent } from '../session/session-events.js';
import type { Timing } from '../timing/v2g-timers.js';
import { communicationSetupTimer } from './communication-setup-timer.js';
import { failed, handshakeFailure, messageOf, sessionProtocolOf } from './layer-outcome.js';
import type { SessionProtocol } from './session-protocol.js';

/** A session's input but the vehicle's status; distributive, as ISO 15118-2's input is a union of AC and DC. */
type WithoutVehicle<T> = T extends unknown ? Omit<T, 'vehicle'> : never;

export interface EvccStackInput {
  /** V2G_EVCC_CommunicationSetup_Timeout, and the handshake's V2G_EVCC_Msg_Timeout. */
  readonly timing: Timing;
  /** The protocols the EVCC runs, most preferred first. */
  readonly preferred: readonly V2gProtocol[];
  /**
   * Each protocol's session input but the vehicle's status, which is the one when the session starts. ISO 15118-20's
   * where the EVCC offers it: its input names the one namespace (AC or DC) offered.
   */
  readonly sessions: {
    readonly din: WithoutVehicle<InputFrom<typeof dinEvccMachine>>;
    readonly iso2: WithoutVehicle<InputFrom<typeof iso2EvccMachine>>;
    readonly iso20?: WithoutVehicle<InputFrom<typeof iso20EvccMachine>>;
  };
}

/** How the communication ended, and how far it got. */
export interface EvccStackOutput {
  readonly outcome: SessionOutcome;
  readonly secc?: DiscoveredSecc;
  readonly security?: ConnectionSecurity;
  readonly protocol?: SessionProtocol;
}

/** The SessionSetupRes arrived: the shell's one word about the session's messages. */
export interface SessionSetUpEvent {
  readonly type: 'SessionSetupRes';
}

/**
 * The vehicle's status until the session takes it over (`vehicle.status`), or why there is none: the session starts
 * with the latest.
 */
export type EvccStackEvent = SessionSetUpEvent | VehicleEvent | { readonly type: 'vehicle.failed'; readonly reason: string };

/** The dial's output: the connection is up, with this security. */
export interface DialedConnection {
  readonly security: ConnectionSecurity;
}

/** The children's logic, given by the shell; only their types are known here. */
export type EvccStackActors = {
  /** Finds the SECC. */
  readonly sdp: PromiseActorLogic<SdpResult>;
  /** Connects to the SECC SDP named, over TLS when it agreed on TLS; fails with the reason. */
  readonly dial: PromiseActorLogic<DialedConnection, DiscoveredSecc>;
  readonly apphand: typeof evccHandshakeMachine;
  readonly 'din-evcc': typeof dinEvccMachine;
  readonly 'iso2-evcc': typeof iso2EvccMachine;
  readonly 'iso20-evcc': typeof iso20EvccMachine;
};

interface EvccStackContext {
  readonly input: EvccStackInput;
  readonly vehicle?: VehicleStatus;
  readonly vehicleFailure?: string;
  readonly secc?: DiscoveredSecc;
  readonly security?: ConnectionSecurity;
  readonly protocol?: SessionProtocol;
  readonly outcome?: SessionOutcome;
}

/** Where the communication stood when V2G_EVCC_CommunicationSetup_Timeout ran out, by how far it had got. */
function setupTimeoutReason(context: EvccStackContext): string {
  const where =
    context.secc === undefined
      ? 'during SDP'
      : context.security === undefined
        ? 'while connecting'
        : context.protocol === undefined
          ? 'during the supportedAppProtocol handshake'
          : 'before SessionSetupRes';
  return `V2G_EVCC_CommunicationSetup_Timeout ${where}`;
}


export const evccStackMachine = setup({
  types: {
    input: {} as EvccStackInput,
    context: {} as EvccStackContext,
    events: {} as EvccStackEvent,
    emitted: {} as ChannelCommand,
    output: {} as EvccStackOutput,
  },
  // Given by the shell with `provide`: the I/O lives there, and the session machines stay where the protocols are.
  actors: {} as EvccStackActors,
  delays: {
    V2G_EVCC_CommunicationSetup_Timeout: ({ context }) => context.input.timing.session.V2G_EVCC_CommunicationSetup_Timeout,
  },
  guards: {
    found: (_, params: { result: SdpResult }) => params.result.ok,
    /** The handshake chose `protocol`, and the vehicle's status is known to start its session with. */
    sessionStarts: ({ context }, params: { outcome: HandshakeOutcome; protocol: SessionProtocol }) =>
      params.outcome.ok && params.outcome.protocol === params.protocol && context.vehicle !== undefined,
    /** The handshake chose the -20 namespace the EVCC's -20 session speaks, and the vehicle's status is known. */
    iso20SessionStarts: ({ context }, params: { outcome: HandshakeOutcome }) =>
      params.outcome.ok && params.outcome.protocol === context.input.sessions.iso20?.protocol && context.vehicle !== undefined,
    sessionProtocol: (_, params: { outcome: HandshakeOutcome }) => sessionProtocolOf(params.outcome) !== undefined,
  },
  actions: {
    noteVehicle: assign({ vehicle: (_, params: { status: VehicleStatus }) => params.status }),
    noteVehicleFailure: assign({ vehicleFailure: (_, params: { reason: string }) => params.reason }),
    failWithoutVehicle: assign({ outcome: ({ context }) => failed(context.vehicleFailure ?? 'the vehicle did not report its status') }),
    noteSecc: assign({ secc: (_, params: { result: SdpResult }) => (params.result.ok ? params.result.secc : undefined) }),
    noteSecurity: assign({ security: (_, params: DialedConnection) => params.security }),
    noteProtocol: assign({ protocol: (_, params: { protocol: SessionProtocol }) => params.protocol }),
    fail: assign({ outcome: (_, params: { reason: string }) => failed(params.reason) }),
    failSdp: assign({ outcome: (_, params: { result: SdpResult }) => failed(params.result.ok ? 'SDP found no SECC' : `SDP: ${params.result.reason}`) }),
    failHandshake: assign({ outcome: (_, params: { outcome: HandshakeOutcome }) => handshakeFailure(params.outcome) }),
    failSetupTimeout: assign({ outcome: ({ context }) => failed(setupTimeoutReason(context)) }),
    end: assign({ outcome: (_, params: { outcome: SessionOutcome }) => params.outcome }),
    // Once the connection is up there is a channel to close; the reason tells the SECC's log why.
    closeChannel: enqueueActions(({ context, enqueue }) => {
      if (context.security === undefined) return;
      const reason = context.outcome?.result === 'failed' ? (context.outcome.reason ?? 'failed') : `session ${context.outcome?.result ?? 'ended'}`;
      enqueue.emit({ type: 'channel.close', reason });
    }),
  },
}).createMachine({
  id: 'evcc',
  context: ({ input }) => ({ input }),
  initial: 'communicating',
  states: {
    communicating: {
      type: 'parallel',
      states: {
        communicationSetup: communicationSetupTimer('V2G_EVCC_CommunicationSetup_Timeout', 'SessionSetupRes', { target: '#evcc.failed', actions: 'failSetupTimeout' }),
        layers: {
          initial: 'sdp',
          // Until the session takes the vehicle's status over; in the session they do not come here.
          on: {
            'vehicle.status': { actions: { type: 'noteVehicle', params: ({ event }) => event } },
            'vehicle.failed': { actions: { type: 'noteVehicleFailure', params: ({ event }) => event } },
          },
          states: {
            sdp: {
              invoke: {
                src: 'sdp',
                id: 'sdp',
                onDone: [
                  {
                    guard: { type: 'found', params: ({ event }) => ({ result: event.output }) },
                    target: 'connecting',
                    actions: { type: 'noteSecc', params: ({ event }) => ({ result: event.output }) },
                  },
                  { target: '#evcc.failed', actions: { type: 'failSdp', params: ({ event }) => ({ result: event.output }) } },
                ],
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: `SDP: ${messageOf(event.error)}` }) } },
              },
            },
            connecting: {
              invoke: {
                src: 'dial',
                id: 'dial',
                input: ({ context }) => context.secc!,
                onDone: { target: 'handshake', actions: { type: 'noteSecurity', params: ({ event }) => event.output } },
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            handshake: {
              invoke: {
                src: 'apphand',
                id: 'apphand',
                input: ({ context }) => ({ preferred: context.input.preferred, security: context.security!, timing: context.input.timing }),
                onDone: [
                  {
                    guard: { type: 'sessionStarts', params: ({ event }) => ({ outcome: event.output, protocol: 'din' as const }) },
                    target: 'din',
                    actions: { type: 'noteProtocol', params: { protocol: 'din' } },
                  },
                  {
                    guard: { type: 'sessionStarts', params: ({ event }) => ({ outcome: event.output, protocol: 'iso2' as const }) },
                    target: 'iso2',
                    actions: { type: 'noteProtocol', params: { protocol: 'iso2' } },
                  },
                  {
                    guard: { type: 'iso20SessionStarts', params: ({ event }) => ({ outcome: event.output }) },
                    target: 'iso20',
                    actions: { type: 'noteProtocol', params: ({ context }) => ({ protocol: context.input.sessions.iso20!.protocol }) },
                  },
                  // A session needs the vehicle's status to start with: an adapter that never gave one ends it here.
                  {
                    guard: { type: 'sessionProtocol', params: ({ event }) => ({ outcome: event.output }) },
                    target: '#evcc.failed',
                    actions: 'failWithoutVehicle',
                  },
                  // The handshake closed the channel itself when it failed; a protocol without a session machine is closed below.
                  { target: '#evcc.failed', actions: { type: 'failHandshake', params: ({ event }) => ({ outcome: event.output }) } },
                ],
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            din: {
              invoke: {
                src: 'din-evcc',
                id: 'din-evcc',
                input: ({ context }) => ({ ...context.input.sessions.din, vehicle: context.vehicle! }),
                onDone: { target: '#evcc.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            iso2: {
              invoke: {
                src: 'iso2-evcc',
                id: 'iso2-evcc',
                input: ({ context }) => ({ ...context.input.sessions.iso2, vehicle: context.vehicle! }),
                onDone: { target: '#evcc.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
            iso20: {
              invoke: {
                src: 'iso20-evcc',
                id: 'iso20-evcc',
                input: ({ context }) => ({ ...context.input.sessions.iso20!, vehicle: context.vehicle! }),
                onDone: { target: '#evcc.ended', actions: { type: 'end', params: ({ event }) => ({ outcome: event.output }) } },
                onError: { target: '#evcc.failed', actions: { type: 'fail', params: ({ event }) => ({ reason: messageOf(event.error) }) } },
              },
            },
          },
        },
      },
    },
    /** The session ran to its end, whatever its result; the connection is closed after it. */
    ended: { type: 'final', entry: 'closeChannel' },
    /** The communication failed before or beside the session: the channel, if there is one, is closed. */
    failed: { type: 'final', entry: 'closeChannel' },
  },
  output: ({ context }) => ({
    outcome: context.outcome ?? failed('the communication has not ended'),
    secc: context.secc,
    security: context.security,
    protocol: context.protocol,
  }),
});
