/**
 * The ISO 15118-20 EVCC chart's Plug & Charge transitions: taken in evcc-pnc.test.ts, against a scripted PnC
 * station and a scripted vehicle key store, so evcc-transitions.test.ts leaves them to it.
 */
export function isPncTransition(described: string): boolean {
  return /--contract\.|\[contractDelivered\]|--always \[authorizedByEim\]/.test(described);
}
