/**
 * The command line's vehicle network: the DBC and mapping files read and checked, the CAN port opened (SocketCAN or
 * SLCAN), or for `demo --can-sim` an in-process bus with the simulated battery playing the BMS, VCU and EMS of the
 * example matrix.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { InspectionEvent } from 'xstate';
import { inspectVehicleNetwork, type VehicleNetworkInspection } from '../actors/can/vehicle-network-actor.js';
import { systemClock, type Clock } from '../base/clock.js';
import { createCanVehicle, type CanVehicle, type VehicleNetworkFault } from '../adapters/can/can-vehicle.js';
import { parseMapping, type VehicleNetworkMap } from '../adapters/can/mapping.js';
import { createCanVehicleNode } from '../adapters/can/vehicle-node.js';
import type { BatteryEnergy, BatterySimulator } from '../adapters/simulators/battery.js';
import type { VehicleAdapter } from '../adapters/vehicle/vehicle-adapter.js';
import { parseDbc, type Dbc } from '../codecs/can/dbc.js';
import type { CanPort } from '../transport/can/can-port.js';
import { createMemoryCanBus } from '../transport/can/memory-bus.js';
import { InputError } from './errors.js';

/** The example matrix shipped with the project: the template an OEM adapts, and what `demo --can-sim` runs on. */
export const EXAMPLE_DBC = fileURLToPath(new URL('../../examples/vehicle-network/generic-bms.dbc', import.meta.url));
export const EXAMPLE_MAP = fileURLToPath(new URL('../../examples/vehicle-network/generic-bms.json', import.meta.url));

/** How long the EVCC waits for every supervised message before it gives up on the vehicle. */
export const FIRST_STATUS_TIMEOUT_MS = 5_000;

/** Waits until every supervised message has been heard; a vehicle that does not answer is closed, and the error said. */
async function heardOnce(vehicle: CanVehicle, close: () => void): Promise<void> {
  try {
    await vehicle.firstStatus(FIRST_STATUS_TIMEOUT_MS);
  } catch (err) {
    close();
    throw err;
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function loadDbc(path: string): Promise<Dbc> {
  return parseDbc(await readText(path, 'DBC file'), path);
}

export async function loadVehicleNetwork(dbcPath: string, mapPath: string): Promise<VehicleNetworkMap> {
  const dbc = await loadDbc(dbcPath);
  return parseMapping(await readText(mapPath, 'mapping file'), dbc, mapPath);
}

export interface PortChoice {
  /** A SocketCAN interface. */
  readonly can?: string;
  /** An SLCAN serial device. */
  readonly slcan?: string;
  readonly bitrate?: number;
  readonly dataBitrate?: number;
  readonly warn: (line: string) => void;
}

/** The CAN port `--can IF` or `--slcan DEVICE` names; each transport is loaded only when asked for. */
export async function openCanPort(choice: PortChoice): Promise<CanPort> {
  if (choice.can !== undefined) {
    const { openSocketCanPort } = await import('../transport/can/socketcan.js');
    return openSocketCanPort(choice.can, { warn: choice.warn });
  }
  if (choice.slcan === undefined) throw new RangeError('--can IF or --slcan DEVICE');
  const { openSlcanPort } = await import('../transport/can/slcan.js');
  return openSlcanPort(choice.slcan, { bitrate: choice.bitrate, dataBitrate: choice.dataBitrate, warn: choice.warn });
}

export interface SimulatedNetwork {
  /** The EVCC's side: the vehicle adapter fed by the frames. */
  readonly vehicle: CanVehicle;
  close(): void;
}

/**
 * `simulated` (the battery simulator) played as the example matrix's BMS, VCU and EMS on an in-process bus, and the
 * EVCC's adapter on the same bus: the session then sees the battery only through CAN frames.
 */
export async function simulatedVehicleNetwork(
  simulated: VehicleAdapter,
  clock: Clock,
  warn: (line: string) => void,
  inspect?: (event: InspectionEvent) => void,
): Promise<SimulatedNetwork> {
  const map = await loadVehicleNetwork(EXAMPLE_DBC, EXAMPLE_MAP);
  const bus = createMemoryCanBus();
  const [bmsPort, evccPort] = [bus.port('bms'), bus.port('evcc')];
  const vehicle = createCanVehicle({ map, port: evccPort, clock, warn });
  const node = createCanVehicleNode({ map, port: bmsPort, clock, vehicle: simulated, extras: { v2xPermission: 0, targetSoc: 80 }, warn });
  const inspection = inspect ? inspectVehicleNetwork(vehicle, { inspect, clock }) : undefined;
  const close = (): void => {
    inspection?.stop();
    vehicle.stop();
    node.stop();
    bmsPort.close();
    evccPort.close();
  };
  await heardOnce(vehicle, close);
  return { vehicle, close };
}

/** The EVCC's vehicle, whichever it is, as the command line reports on it. */
export interface CliVehicle {
  readonly adapter: VehicleAdapter;
  soc(): number;
  energyCapacity(): number;
  /** The energy counted both ways where the vehicle counts it (the simulated battery); else only its SoC tells. */
  energy(): BatteryEnergy | undefined;
  faults(): readonly VehicleNetworkFault[];
  /** Shows the vehicle network in the inspector (a no-op for the simulated battery, which the session's actors show). */
  inspectWith(inspect: ((event: InspectionEvent) => void) | undefined): void;
  close(): void;
}

export function simulated(battery: BatterySimulator): CliVehicle {
  return {
    adapter: battery,
    soc: () => battery.status.soc,
    energyCapacity: () => battery.status.energyCapacity,
    energy: () => battery.energy,
    faults: () => [],
    inspectWith: () => undefined,
    close: () => battery.stop(),
  };
}

/** The vehicle on a real network: the matrix loaded, the port opened, every supervised message heard once. */
export async function canVehicle(options: PortChoice & { readonly dbc: string; readonly map: string }): Promise<CliVehicle> {
  const map = await loadVehicleNetwork(options.dbc, options.map);
  const port = await openCanPort(options);
  const vehicle = createCanVehicle({ map, port, clock: systemClock, warn: options.warn });
  let inspection: VehicleNetworkInspection | undefined;
  const close = (): void => {
    inspection?.stop();
    vehicle.stop();
    port.close();
  };
  await heardOnce(vehicle, close);
  return {
    adapter: vehicle,
    soc: () => vehicle.status?.soc ?? 0,
    energyCapacity: () => vehicle.status?.energyCapacity ?? 0,
    energy: () => undefined,
    faults: () => vehicle.faults,
    inspectWith(inspect) {
      if (inspect) inspection = inspectVehicleNetwork(vehicle, { inspect, clock: systemClock });
    },
    close,
  };
}
