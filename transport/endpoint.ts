/**
 * Addresses as V2G uses them: the SECC and EVCC talk over IPv6 link-local addresses (fe80::/10) on the PLC
 * interface, which only mean something together with that interface, written `fe80::1%eth0` (RFC 4007 §11).
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { Endpoint } from '../base/connection-events.js';
import { TransportError, type TransportOperation } from './transport-errors.js';

export const isLinkLocal = (address: string): boolean => /^fe[89ab][0-9a-f]:/i.test(address);

export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The host to bind or dial. `iface` adds the scope to a link-local `host` that has none; with no `host` at all it
 * means the interface's own link-local address (the SECC listens where SDP will point the EVCC). On a global
 * address `iface` changes nothing: Node cannot bind a TCP socket to a device.
 */
export function scopedHost(operation: TransportOperation, host: string | undefined, iface: string | undefined, port: number): string {
  if (iface === undefined) return host ?? '::';
  const addresses = networkInterfaces()[iface];
  if (!addresses) throw new TransportError(operation, formatEndpoint(host ?? `::%${iface}`, port), 'interface', `no interface named ${iface}`);
  if (host === undefined) return `${linkLocalAddressOf(operation, iface, addresses, port)}%${iface}`;
  const [address, scope] = host.split('%');
  if (scope !== undefined && scope !== iface) {
    throw new TransportError(operation, formatEndpoint(host, port), 'interface', `host is scoped to ${scope} but iface is ${iface}`);
  }
  return isLinkLocal(address!) ? `${address}%${iface}` : host;
}

function linkLocalAddressOf(operation: TransportOperation, iface: string, addresses: readonly NetworkInterfaceInfo[], port: number): string {
  const linkLocal = addresses.find((a) => a.family === 'IPv6' && isLinkLocal(a.address));
  if (!linkLocal) throw new TransportError(operation, formatEndpoint(`::%${iface}`, port), 'interface', `${iface} has no IPv6 link-local address`);
  return linkLocal.address;
}

/** A socket that was reset before it could be asked has no address any more: it is reported as `''`, port 0. */
export function endpointOf(address: string | undefined, port: number | undefined): Endpoint {
  return { address: address ?? '', port: port ?? 0 };
}
