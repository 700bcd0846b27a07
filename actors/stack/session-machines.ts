/**
 * Which charging-session machine runs once the handshake has chosen a protocol, for each role, with the settings a
 * deployment gives. The one place that knows every protocol's machine: adding ISO 15118-20 adds a case here.
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { PowerModule } from '../../adapters/evse.js';
import type { VehicleAdapter } from '../../adapters/vehicle.js';
import type { V2gProtocol } from '../../machines/apphand/protocols.js';
import { dinEvccMachine } from '../../machines/din/evcc.js';
import { DIN_EVCC_DEFAULTS, DIN_SECC_DEFAULTS, type DinEvccSettings, type DinSeccSettings } from '../../machines/din/input.js';
import { dinSeccMachine } from '../../machines/din/secc.js';
import type { SessionOutcome } from '../../machines/session/events.js';
import type { EvccSessionInput, SeccSessionInput } from '../../machines/session/input.js';
import type { V2gChannel } from '../channel/v2g-channel.js';
import type { Clock } from '../runtime/clock.js';
import { runOnChannel } from '../session/run-on-channel.js';

/** The protocols whose session machines exist (ISO 15118-20 comes later). */
export type SessionProtocol = Extract<V2gProtocol, 'din' | 'iso2'>;
export const SESSION_PROTOCOLS: readonly SessionProtocol[] = ['din', 'iso2'];

export const isSessionProtocol = (p: V2gProtocol): p is SessionProtocol => (SESSION_PROTOCOLS as readonly string[]).includes(p);

export interface SessionRun {
  readonly actor: AnyActorRef;
  readonly output: Promise<SessionOutcome>;
}

export interface SessionRuntime {
  readonly channel: V2gChannel;
  readonly clock: Clock;
  readonly inspect?: (event: InspectionEvent) => void;
  /** Names the actor in inspection, e.g. `secc/3/din-secc`. */
  readonly id: string;
}

export interface EvccSessionSettings {
  readonly din?: Partial<DinEvccSettings>;
}

export interface SeccSessionSettings {
  readonly din?: Partial<DinSeccSettings>;
}

export function startEvccSession(protocol: SessionProtocol, base: EvccSessionInput, settings: EvccSessionSettings, vehicle: VehicleAdapter, runtime: SessionRuntime): SessionRun {
  const options = { channel: runtime.channel, clock: runtime.clock, inspect: runtime.inspect, id: runtime.id, vehicle };
  switch (protocol) {
    case 'din':
      return runOnChannel(dinEvccMachine, { ...options, input: { ...DIN_EVCC_DEFAULTS, ...settings.din, ...base } });
    case 'iso2':
      throw new Error('ISO 15118-2 session machines are not wired yet');
  }
}

export function startSeccSession(protocol: SessionProtocol, base: SeccSessionInput, settings: SeccSessionSettings, power: PowerModule, runtime: SessionRuntime): SessionRun {
  const options = { channel: runtime.channel, clock: runtime.clock, inspect: runtime.inspect, id: runtime.id, power };
  switch (protocol) {
    case 'din':
      return runOnChannel(dinSeccMachine, { ...options, input: { ...DIN_SECC_DEFAULTS, ...settings.din, ...base } });
    case 'iso2':
      throw new Error('ISO 15118-2 session machines are not wired yet');
  }
}
