/**
 * Which charging-session machine runs once the handshake has chosen a protocol, for each role, with the settings a
 * deployment gives. The one place that knows every protocol's machine: adding ISO 15118-20 adds a case here.
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { PowerModule } from '../../adapters/evse.js';
import type { EvseAuthorization } from '../../adapters/evse/authorization.js';
import type { VehicleAdapter } from '../../adapters/vehicle.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import { DIN_EVCC_DEFAULTS, DIN_SECC_DEFAULTS, type DinEvccSettings, type DinSeccSettings } from '../../machines/din/din-input.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { iso2EvccMachine, type Iso2EvccInput } from '../../machines/iso2/iso2-evcc.js';
import { iso2SeccMachine, type Iso2SeccInput } from '../../machines/iso2/iso2-secc.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import type { EvccSessionInput, SeccSessionInput } from '../../machines/session/session-input.js';
import type { V2gChannel } from '../channel/v2g-channel-actor.js';
import type { Clock } from '../../base/clock.js';
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
  /** Whether the connection is TLS: ISO 15118-2 offers Contract payment only then. */
  readonly tls: boolean;
  readonly clock: Clock;
  readonly inspect?: (event: InspectionEvent) => void;
  /** Names the actor in inspection, e.g. `secc/3/din-secc`. */
  readonly id: string;
  /** The SECC's authorization backend, if any (adapters/evse/authorization.ts). */
  readonly authorization?: EvseAuthorization;
}

/** What the EV chooses in ISO 15118-2 beyond the common input; `mode` and `energyTransferMode` go together. */
export type Iso2EvccSettings = Partial<Omit<Iso2EvccInput, keyof EvccSessionInput | 'mode' | 'energyTransferMode'>> &
  Pick<Iso2EvccInput, 'mode' | 'energyTransferMode'>;

export interface EvccSessionSettings {
  readonly din?: Partial<DinEvccSettings>;
  /** Default DC with DC_extended. */
  readonly iso2?: Iso2EvccSettings;
}

export type Iso2SeccSettings = Partial<Omit<Iso2SeccInput, keyof SeccSessionInput | 'tls'>>;

export interface SeccSessionSettings {
  readonly din?: Partial<DinSeccSettings>;
  /** Default: the DC modes DC_extended and DC_core. */
  readonly iso2?: Iso2SeccSettings;
}

/** PreCharge ends within 20 V, as pyPLC and the DIN machine do. */
const ISO2_EVCC_DEFAULTS = { mode: 'dc', energyTransferMode: 'DC_extended', prechargeTolerance: 20 } as const;
const ISO2_SECC_DEFAULTS = { energyTransferModes: ['DC_extended', 'DC_core'] } as const;

export function startEvccSession(protocol: SessionProtocol, base: EvccSessionInput, settings: EvccSessionSettings, vehicle: VehicleAdapter, runtime: SessionRuntime): SessionRun {
  const options = { channel: runtime.channel, clock: runtime.clock, inspect: runtime.inspect, id: runtime.id, vehicle };
  switch (protocol) {
    case 'din':
      return runOnChannel(dinEvccMachine, { ...options, input: { ...DIN_EVCC_DEFAULTS, ...settings.din, ...base } });
    case 'iso2': {
      const input = { ...ISO2_EVCC_DEFAULTS, ...settings.iso2, ...base } as Iso2EvccInput;
      return runOnChannel(iso2EvccMachine, { ...options, input });
    }
  }
}

export function startSeccSession(protocol: SessionProtocol, base: SeccSessionInput, settings: SeccSessionSettings, power: PowerModule, runtime: SessionRuntime): SessionRun {
  const options = { channel: runtime.channel, clock: runtime.clock, inspect: runtime.inspect, id: runtime.id, power, authorization: runtime.authorization };
  switch (protocol) {
    case 'din':
      return runOnChannel(dinSeccMachine, { ...options, input: { ...DIN_SECC_DEFAULTS, ...settings.din, ...base } });
    case 'iso2':
      return runOnChannel(iso2SeccMachine, { ...options, input: { ...ISO2_SECC_DEFAULTS, ...settings.iso2, ...base, tls: runtime.tls } });
  }
}
