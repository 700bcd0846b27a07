/**
 * What the station offers on this connection: the energy services of the handshake's namespace, one parameter set per
 * control mode each, and the value-added services (Internet, ParkingStatus) as the deployment lists them.
 */
import { energySchemaOf, PARAMETER_CODES, SERVICE_IDS, type ControlMode, type EnergyService, type ParameterSetFacts } from '../iso20-services.js';
import type { Iso20SeccInput, OfferedVas } from './iso20-secc-context.js';

const CONTROL_MODES: readonly ControlMode[] = ['Scheduled', 'Dynamic'];

/** The energy services listed on this connection, in the deployment's order. */
export function offeredEnergyServices(input: Iso20SeccInput): EnergyService[] {
  return input.services.filter((service) => energySchemaOf(service) === input.protocol);
}

export function offeredControlModes(input: Iso20SeccInput): readonly ControlMode[] {
  return input.controlModes ?? CONTROL_MODES;
}

/**
 * The parameter sets of an energy service: ParameterSetID is the control mode's code (1 Scheduled, 2 Dynamic), so a
 * selection names its mode. MobilityNeedsMode follows the mode: the EVCC provides its needs in Scheduled control, the
 * SECC steers in Dynamic. EVSENominalVoltage is the stage's (AC).
 */
export function energyParameterSets(input: Iso20SeccInput, service: EnergyService, nominalVoltage: number): ParameterSetFacts[] {
  return offeredControlModes(input).map((controlMode) => {
    const common = {
      id: PARAMETER_CODES.ControlMode[controlMode],
      controlMode,
      mobilityNeedsMode: controlMode === 'Scheduled' ? ('ProvidedByEvcc' as const) : ('ProvidedBySecc' as const),
      pricing: input.pricing ?? 'NoPricing',
    };
    const bpt = { bptChannel: input.bptChannel ?? 'Unified', generatorMode: input.generatorMode ?? 'GridFollowing' };
    const ac = { connector: input.acConnector ?? 'ThreePhase', evseNominalVoltage: nominalVoltage };
    switch (service) {
      case 'DC':
        return { service, ...common, connector: input.dcConnector ?? 'Extended' };
      case 'DC_BPT':
        return { service, ...common, connector: input.dcConnector ?? 'Extended', ...bpt };
      case 'AC':
        return { service, ...common, ...ac };
      case 'AC_BPT':
        return { service, ...common, ...ac, ...bpt, islandingDetection: input.islandingDetection ?? 'Passive' };
    }
  });
}

/** The energy service offered under `serviceId` on this connection, if any. */
export function offeredEnergyService(input: Iso20SeccInput, serviceId: number): EnergyService | undefined {
  return offeredEnergyServices(input).find((service) => SERVICE_IDS[service] === serviceId);
}

/** The value-added service's parameter sets offered under `serviceId`, if any. */
export function offeredVasSets(input: Iso20SeccInput, serviceId: number): OfferedVas[] {
  return (input.valueAddedServices ?? []).filter((set) => SERVICE_IDS[set.service] === serviceId);
}

/** The ServiceIDs of the value-added services offered, each once. */
export function offeredVasIds(input: Iso20SeccInput): number[] {
  return [...new Set((input.valueAddedServices ?? []).map((set) => SERVICE_IDS[set.service]))];
}
