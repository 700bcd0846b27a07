/**
 * ServiceDiscoveryReq: the energy services of this connection's namespace and the value-added services, each filtered
 * by the EV's SupportedServiceIDs where it sent them. A filter that leaves no energy service lists them all (the list
 * has at least one), decided without the standard's text: the EV then finds nothing it can select and stops.
 */
import type { ServiceDiscoveryReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { readServiceDiscoveryReq, serviceDiscoveryRes } from '../../iso20-service-messages.js';
import { SERVICE_IDS } from '../../iso20-services.js';
import { answered, refusedWith, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { offeredEnergyServices, offeredVasIds } from '../iso20-offer.js';

export const ServiceDiscovery: Iso20Handler<ServiceDiscoveryReqType> = (ctx, req, received) => {
  const wanted = readServiceDiscoveryReq(req).supportedServiceIds;
  const filter = (id: number) => wanted === undefined || wanted.includes(id);
  const energy = offeredEnergyServices(ctx.input).map((service) => SERVICE_IDS[service]);
  // A station offering nothing in this namespace (a deployment's mistake the handshake let through) cannot list any.
  if (energy.length === 0) return refusedWith(ctx, received, 'ServiceDiscoveryReq', req, 'FAILED');
  const listed = energy.filter(filter);
  const document = serviceDiscoveryRes(replyContext(ctx, received), {
    responseCode: 'OK',
    serviceRenegotiationSupported: ctx.input.serviceRenegotiationSupported ?? true,
    energyServices: (listed.length > 0 ? listed : energy).map((serviceId) => ({ serviceId, free: false })),
    valueAddedServices: offeredVasIds(ctx.input)
      .filter(filter)
      .map((serviceId) => ({ serviceId, free: true })),
  });
  // A renegotiated service starts over from here: the previous selection and its plan no longer hold.
  return answered(document, { update: { selection: undefined, plan: undefined, scheduleTupleId: undefined, isolationCheckStarted: false } });
};
