/**
 * The worker's side of a ChildLink. A message a parent sends while the worker is still loading its modules is
 * emitted before any listener exists and lost, so the worker says it listens, and the link holds what it sends
 * until then.
 */
export const WORKER_LISTENING = 'workerListening';

/** Takes the bench's messages with `handle`, then tells the bench it may send. */
export function takeBenchMessages<T>(handle: (message: T) => void): void {
  process.on('message', handle);
  process.send?.({ type: WORKER_LISTENING });
}
