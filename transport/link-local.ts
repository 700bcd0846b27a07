/** The IPv6 link-local (fe80::/10) address of a network interface: what an SECC on a PLC link tells the EVCC. */
import { networkInterfaces } from 'node:os';

export function linkLocalAddress(iface: string): string | undefined {
  const found = networkInterfaces()[iface]?.find((a) => a.family === 'IPv6' && /^fe[89ab][0-9a-f]:/i.test(a.address));
  return found?.address.replace(/%.*$/, '');
}
