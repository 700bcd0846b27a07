/**
 * The ISO 15118-20 service catalogue: the energy transfer services and value-added services by ServiceID, and the
 * parameter sets a ServiceDetailRes offers for each, as typed facts with their builders and readers.
 *
 * ServiceIDs, parameter names and their integer codes are those the open -20 stacks agree on (EVerest libiso15118,
 * Josev); the XSD has only the generic Parameter (a name and one typed value). Where those stacks disagree, the
 * choice made here is said at the place and the reader accepts both.
 */
import type { ParameterSetType, ParameterType } from '../../codecs/exi/generated/iso20-common.types.js';
import { fromRational } from './iso20-rational.js';

/** ServiceIDs of the energy transfer services and the value-added services (VAS, 65 and up). */
export const SERVICE_IDS = {
  AC: 1,
  DC: 2,
  WPT: 3,
  DC_ACDP: 4,
  AC_BPT: 5,
  DC_BPT: 6,
  DC_ACDP_BPT: 7,
  Internet: 65,
  ParkingStatus: 66,
} as const;

export type ServiceName = keyof typeof SERVICE_IDS;
/** The energy transfer services this stack runs. */
export type EnergyService = 'AC' | 'DC' | 'AC_BPT' | 'DC_BPT';
export const ENERGY_SERVICES: readonly EnergyService[] = ['AC', 'DC', 'AC_BPT', 'DC_BPT'];
export type ValueAddedService = 'Internet' | 'ParkingStatus';

export function serviceNameOf(serviceId: number): ServiceName | undefined {
  return (Object.keys(SERVICE_IDS) as ServiceName[]).find((name) => SERVICE_IDS[name] === serviceId);
}

export const isBidirectional = (service: EnergyService): boolean => service === 'AC_BPT' || service === 'DC_BPT';
export const isDcService = (service: EnergyService): boolean => service === 'DC' || service === 'DC_BPT';

/** The -20 schema of a service's energy messages: AC_* in the AC schema, DC_* in the DC schema. */
export function energySchemaOf(service: EnergyService): 'iso20-ac' | 'iso20-dc' {
  return isDcService(service) ? 'iso20-dc' : 'iso20-ac';
}

/**
 * Integer codes of the enumerated parameters. AC Connector: libiso15118 numbers ThreePhase 3 (the number of phases),
 * Josev 2; this stack sends 3 (decided without the standard's text, as the more recent stack) and reads 2 as
 * ThreePhase too.
 */
export const PARAMETER_CODES = {
  AcConnector: { SinglePhase: 1, ThreePhase: 3 },
  DcConnector: { Core: 1, Extended: 2, Dual2: 3, Dual4: 4 },
  ControlMode: { Scheduled: 1, Dynamic: 2 },
  MobilityNeedsMode: { ProvidedByEvcc: 1, ProvidedBySecc: 2 },
  Pricing: { NoPricing: 0, AbsolutePricing: 1, PriceLevels: 2 },
  BPTChannel: { Unified: 1, Separated: 2 },
  GeneratorMode: { GridFollowing: 1, GridForming: 2 },
  GridCodeIslandingDetectionMethod: { Active: 1, Passive: 2 },
  IntendedService: { VehicleCheckIn: 1, VehicleCheckOut: 2 },
  ParkingStatusType: { AutoInternal: 1, AutoExternal: 2, ManualInternal: 3, ManualExternal: 4 },
  Port: { 20: 20, 21: 21, 80: 80, 443: 443 },
} as const;

type Codes = typeof PARAMETER_CODES;
type CodeOf<K extends keyof Codes> = keyof Codes[K];

export type AcConnector = CodeOf<'AcConnector'>;
export type DcConnector = CodeOf<'DcConnector'>;
export type ControlMode = CodeOf<'ControlMode'>;
export type MobilityNeedsMode = CodeOf<'MobilityNeedsMode'>;
export type Pricing = CodeOf<'Pricing'>;
export type BptChannel = CodeOf<'BPTChannel'>;
export type GeneratorMode = CodeOf<'GeneratorMode'>;
export type IslandingDetectionMethod = CodeOf<'GridCodeIslandingDetectionMethod'>;
/** The Internet service's Protocol, a finiteString. */
export type InternetProtocol = 'ftp' | 'http' | 'https';

interface CommonEnergyParameters {
  readonly id: number;
  readonly controlMode: ControlMode;
  /** In Scheduled control the EVCC provides the mobility needs; ProvidedBySecc belongs to Dynamic control. */
  readonly mobilityNeedsMode: MobilityNeedsMode;
  readonly pricing: Pricing;
}
interface AcParameters extends CommonEnergyParameters {
  readonly connector: AcConnector;
  /** Line to neutral, V. */
  readonly evseNominalVoltage: number;
}
interface DcParameters extends CommonEnergyParameters {
  readonly connector: DcConnector;
}
interface BptParameters {
  readonly bptChannel: BptChannel;
  readonly generatorMode: GeneratorMode;
}

export type ParameterSetFacts =
  | ({ readonly service: 'AC' } & AcParameters)
  | ({ readonly service: 'AC_BPT'; readonly islandingDetection: IslandingDetectionMethod } & AcParameters & BptParameters)
  | ({ readonly service: 'DC' } & DcParameters)
  | ({ readonly service: 'DC_BPT' } & DcParameters & BptParameters)
  | { readonly service: 'Internet'; readonly id: number; readonly protocol: InternetProtocol; readonly port: CodeOf<'Port'> }
  | { readonly service: 'ParkingStatus'; readonly id: number; readonly intendedService: CodeOf<'IntendedService'>; readonly parkingStatus: CodeOf<'ParkingStatusType'> };

export type CatalogueService = ParameterSetFacts['service'];

/** One parameter: its name on the wire, the fact it carries, and how. */
type Field =
  | { readonly name: string; readonly key: string; readonly codes: keyof Codes; readonly aliases?: readonly string[] }
  | { readonly name: string; readonly key: string; readonly integer: true }
  | { readonly name: string; readonly key: string; readonly strings: readonly string[] };

const CONTROL: readonly Field[] = [
  { name: 'ControlMode', key: 'controlMode', codes: 'ControlMode' },
  { name: 'MobilityNeedsMode', key: 'mobilityNeedsMode', codes: 'MobilityNeedsMode' },
  { name: 'Pricing', key: 'pricing', codes: 'Pricing' },
];
const AC_FIELDS: readonly Field[] = [
  { name: 'Connector', key: 'connector', codes: 'AcConnector' },
  CONTROL[0],
  { name: 'EVSENominalVoltage', key: 'evseNominalVoltage', integer: true },
  CONTROL[1],
  CONTROL[2],
];
const DC_FIELDS: readonly Field[] = [{ name: 'Connector', key: 'connector', codes: 'DcConnector' }, ...CONTROL];
const BPT_FIELDS: readonly Field[] = [
  { name: 'BPTChannel', key: 'bptChannel', codes: 'BPTChannel' },
  { name: 'GeneratorMode', key: 'generatorMode', codes: 'GeneratorMode' },
];

/**
 * The parameters of each service in the order sent. The islanding detection method is named
 * GridCodeIslandingDetectionMethod by Josev and DetectionMethodGridCodeIslanding by libiso15118: this stack sends
 * the first (decided without the standard's text) and reads both.
 */
export const SERVICE_PARAMETERS: Readonly<Record<CatalogueService, readonly Field[]>> = {
  AC: AC_FIELDS,
  AC_BPT: [
    ...AC_FIELDS,
    ...BPT_FIELDS,
    { name: 'GridCodeIslandingDetectionMethod', key: 'islandingDetection', codes: 'GridCodeIslandingDetectionMethod', aliases: ['DetectionMethodGridCodeIslanding'] },
  ],
  DC: DC_FIELDS,
  DC_BPT: [...DC_FIELDS, ...BPT_FIELDS],
  Internet: [
    { name: 'Protocol', key: 'protocol', strings: ['ftp', 'http', 'https'] },
    { name: 'Port', key: 'port', codes: 'Port' },
  ],
  ParkingStatus: [
    { name: 'IntendedService', key: 'intendedService', codes: 'IntendedService' },
    { name: 'ParkingStatusType', key: 'parkingStatus', codes: 'ParkingStatusType' },
  ],
};

export function isCatalogueService(name: string): name is CatalogueService {
  return Object.prototype.hasOwnProperty.call(SERVICE_PARAMETERS, name);
}

/** The ParameterSet a ServiceDetailRes carries for `facts`. */
export function parameterSet(facts: ParameterSetFacts): ParameterSetType {
  const values = facts as unknown as Readonly<Record<string, string | number>>;
  return {
    ParameterSetID: facts.id,
    Parameter: SERVICE_PARAMETERS[facts.service].map((field): ParameterType => {
      const value = values[field.key];
      if ('codes' in field) return { '@Name': field.name, intValue: (PARAMETER_CODES[field.codes] as Readonly<Record<string, number>>)[value] };
      if ('integer' in field) return { '@Name': field.name, intValue: Math.round(Number(value)) };
      return { '@Name': field.name, finiteString: String(value) };
    }),
  };
}

export class ParameterSetError extends Error {
  constructor(readonly service: CatalogueService, readonly parameterSetId: number, reason: string) {
    super(`${service} ParameterSet ${parameterSetId}: ${reason}`);
    this.name = 'ParameterSetError';
  }
}

export interface ReadParameterSet {
  readonly facts: ParameterSetFacts;
  /** What was read with tolerance (another stack's name or code), for the log. */
  readonly warnings: readonly string[];
}

/** A number from whichever numeric value the sender chose (byteValue, shortValue, intValue or rationalNumber). */
function numericValue(p: ParameterType): number | undefined {
  if (p.intValue !== undefined) return p.intValue;
  if (p.shortValue !== undefined) return p.shortValue;
  if (p.byteValue !== undefined) return p.byteValue;
  return p.rationalNumber && fromRational(p.rationalNumber);
}

/**
 * The facts of a received ParameterSet of `service`. Receive like the field: another stack's parameter name or code
 * is read with a warning, unknown extra parameters are ignored with one; a missing or meaningless parameter is a
 * ParameterSetError, since the service cannot be selected without it.
 */
export function readParameterSet(service: CatalogueService, set: ParameterSetType): ReadParameterSet {
  const warnings: string[] = [];
  const facts: Record<string, string | number> = { service, id: set.ParameterSetID };
  const fail = (reason: string): never => {
    throw new ParameterSetError(service, set.ParameterSetID, reason);
  };
  const fields = SERVICE_PARAMETERS[service];
  for (const field of fields) {
    const names = [field.name, ...('aliases' in field && field.aliases ? field.aliases : [])];
    const p = set.Parameter.find((candidate) => names.includes(candidate['@Name']));
    if (!p) return fail(`no ${field.name}`);
    if (p['@Name'] !== field.name) warnings.push(`${field.name} named ${p['@Name']}`);
    if ('strings' in field) {
      const s = p.finiteString;
      if (s === undefined || !field.strings.includes(s.toLowerCase())) return fail(`${field.name} ${JSON.stringify(s)} is none of ${field.strings.join(', ')}`);
      facts[field.key] = s.toLowerCase();
      continue;
    }
    const n = numericValue(p);
    if (n === undefined) return fail(`${field.name} carries no number`);
    if ('integer' in field) {
      facts[field.key] = n;
      continue;
    }
    const codes = PARAMETER_CODES[field.codes] as Readonly<Record<string, number>>;
    let name = Object.keys(codes).find((k) => codes[k] === n);
    if (name === undefined && field.codes === 'AcConnector' && n === 2) {
      name = 'ThreePhase';
      warnings.push('AC Connector 2 read as ThreePhase (the numbering of another stack)');
    }
    if (name === undefined) return fail(`${field.name} ${n} is none of ${Object.values(codes).join(', ')}`);
    facts[field.key] = field.codes === 'Port' ? Number(name) : name;
  }
  const extra = set.Parameter.filter((p) => !fields.some((f) => f.name === p['@Name'] || ('aliases' in f && f.aliases?.includes(p['@Name']))));
  if (extra.length) warnings.push(`ignored ${extra.map((p) => p['@Name']).join(', ')}`);
  return { facts: facts as unknown as ParameterSetFacts, warnings };
}
