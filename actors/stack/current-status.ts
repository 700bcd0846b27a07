import type { Observable } from 'rxjs';

/**
 * The status an adapter reports now. Adapters replay their latest status on subscription (adapters/vehicle/vehicle-adapter.ts,
 * adapters/evse.ts), so it arrives synchronously; one that does not, or whose stream has failed, breaks that contract
 * and is named.
 */
export function currentStatus<S>(status$: Observable<S>, adapter: string): S {
  let latest: { value: S } | undefined;
  let failure: { error: unknown } | undefined;
  status$.subscribe({ next: (value) => (latest ??= { value }), error: (error: unknown) => (failure = { error }) }).unsubscribe();
  if (latest) return latest.value;
  if (failure) throw new Error(`the ${adapter}'s status failed: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
  throw new Error(`the ${adapter} did not report its status on subscription`);
}
