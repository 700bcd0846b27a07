/**
 * ServiceDiscovery, ServiceDetail and ServiceSelection: how the EV learns the station's energy transfer services and
 * value-added services, their parameter sets, and selects one energy service (and any VAS) by parameter set.
 */
import type {
  ServiceDetailResType,
  ServiceDiscoveryReqType,
  ServiceDiscoveryResType,
  ServiceListType,
  ServiceSelectionReqType,
} from '../../codecs/exi/generated/iso20-common.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { compact } from './iso20-compact.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import type { CodeResFacts } from './iso20-response-codes.js';
import { isCatalogueService, parameterSet, readParameterSet, serviceNameOf, type ParameterSetFacts } from './iso20-services.js';

type CommonDocument = V2gDocument<'iso20-common'>;

/** The EV's filter: the ServiceIDs it can use; absent, it asks for every service. */
export function serviceDiscoveryReq(ctx: MessageContext, supportedServiceIds?: readonly number[]): CommonDocument {
  return v2gDocument('iso20-common', {
    ServiceDiscoveryReq: compact({ Header: headerOf(ctx), SupportedServiceIDs: supportedServiceIds && { ServiceID: [...supportedServiceIds] } }),
  });
}

export function readServiceDiscoveryReq(req: ServiceDiscoveryReqType): { readonly supportedServiceIds?: readonly number[] } {
  return compact({ supportedServiceIds: req.SupportedServiceIDs?.ServiceID });
}

export interface OfferedService {
  readonly serviceId: number;
  readonly free: boolean;
}

export interface ServiceDiscoveryResFacts extends CodeResFacts {
  readonly serviceRenegotiationSupported: boolean;
  /** 1 to 8 energy transfer services. */
  readonly energyServices: readonly OfferedService[];
  /** Value-added services; none is a list left out (the XSD's VASList has at least one Service). */
  readonly valueAddedServices: readonly OfferedService[];
}

const serviceList = (services: readonly OfferedService[]): ServiceListType => ({ Service: services.map((s) => ({ ServiceID: s.serviceId, FreeService: s.free })) });
const offered = (list: ServiceListType | undefined): OfferedService[] => (list?.Service ?? []).map((s) => ({ serviceId: s.ServiceID, free: s.FreeService }));

export function serviceDiscoveryRes(ctx: MessageContext, f: ServiceDiscoveryResFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    ServiceDiscoveryRes: compact({
      Header: headerOf(ctx),
      ResponseCode: f.responseCode,
      ServiceRenegotiationSupported: f.serviceRenegotiationSupported,
      EnergyTransferServiceList: serviceList(f.energyServices),
      VASList: f.valueAddedServices.length ? serviceList(f.valueAddedServices) : undefined,
    }),
  });
}

export function readServiceDiscoveryRes(res: ServiceDiscoveryResType): ServiceDiscoveryResFacts {
  return {
    responseCode: res.ResponseCode,
    serviceRenegotiationSupported: res.ServiceRenegotiationSupported,
    energyServices: offered(res.EnergyTransferServiceList),
    valueAddedServices: offered(res.VASList),
  };
}

export function serviceDetailReq(ctx: MessageContext, serviceId: number): CommonDocument {
  return v2gDocument('iso20-common', { ServiceDetailReq: { Header: headerOf(ctx), ServiceID: serviceId } });
}

export interface ServiceDetailResFacts extends CodeResFacts {
  readonly serviceId: number;
  /** 1 to 32 parameter sets, all of the service named by serviceId. */
  readonly parameterSets: readonly ParameterSetFacts[];
}

export function serviceDetailRes(ctx: MessageContext, f: ServiceDetailResFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    ServiceDetailRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, ServiceID: f.serviceId, ServiceParameterList: { ParameterSet: f.parameterSets.map(parameterSet) } },
  });
}

export interface ReadServiceDetailRes extends ServiceDetailResFacts {
  /** Sets read with tolerance, and sets that could not be read (left out of parameterSets), for the log. */
  readonly warnings: readonly string[];
}

/** The parameter sets of a service this stack knows; those of another service or unreadable ones become warnings. */
export function readServiceDetailRes(res: ServiceDetailResType): ReadServiceDetailRes {
  const name = serviceNameOf(res.ServiceID);
  const warnings: string[] = [];
  const parameterSets: ParameterSetFacts[] = [];
  for (const set of res.ServiceParameterList.ParameterSet) {
    if (name === undefined || !isCatalogueService(name)) {
      warnings.push(`ServiceID ${res.ServiceID}: parameter set ${set.ParameterSetID} of a service this stack does not run`);
      continue;
    }
    try {
      const read = readParameterSet(name, set);
      parameterSets.push(read.facts);
      warnings.push(...read.warnings.map((w) => `${name} parameter set ${set.ParameterSetID}: ${w}`));
    } catch (err) {
      warnings.push((err as Error).message);
    }
  }
  return { responseCode: res.ResponseCode, serviceId: res.ServiceID, parameterSets, warnings };
}

export interface SelectedService {
  readonly serviceId: number;
  readonly parameterSetId: number;
}

export interface ServiceSelectionReqFacts {
  readonly energy: SelectedService;
  readonly valueAddedServices: readonly SelectedService[];
}

const selected = (s: SelectedService) => ({ ServiceID: s.serviceId, ParameterSetID: s.parameterSetId });

export function serviceSelectionReq(ctx: MessageContext, f: ServiceSelectionReqFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    ServiceSelectionReq: compact({
      Header: headerOf(ctx),
      SelectedEnergyTransferService: selected(f.energy),
      SelectedVASList: f.valueAddedServices.length ? { SelectedService: f.valueAddedServices.map(selected) } : undefined,
    }),
  });
}

export function readServiceSelectionReq(req: ServiceSelectionReqType): ServiceSelectionReqFacts {
  const fromXml = (s: { ServiceID: number; ParameterSetID: number }): SelectedService => ({ serviceId: s.ServiceID, parameterSetId: s.ParameterSetID });
  return { energy: fromXml(req.SelectedEnergyTransferService), valueAddedServices: (req.SelectedVASList?.SelectedService ?? []).map(fromXml) };
}

export function serviceSelectionRes(ctx: MessageContext, f: CodeResFacts): CommonDocument {
  return v2gDocument('iso20-common', { ServiceSelectionRes: { Header: headerOf(ctx), ResponseCode: f.responseCode } });
}
