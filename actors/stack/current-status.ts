import type { Observable } from 'rxjs';

/**
 * The status an adapter reports now. Adapters replay their latest status on subscription (adapters/vehicle.ts,
 * adapters/evse.ts), so it arrives synchronously; one that does not breaks that contract and is named.
 */
export function currentStatus<S>(status$: Observable<S>, adapter: string): S {
  let latest: { value: S } | undefined;
  status$.subscribe((value) => (latest ??= { value })).unsubscribe();
  if (!latest) throw new Error(`the ${adapter} did not report its status on subscription`);
  return latest.value;
}
