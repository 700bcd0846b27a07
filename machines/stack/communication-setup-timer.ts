/**
 * The communication setup's timer as both roles keep it: a region beside the layers, so it runs across them (SDP,
 * the connection, the handshake, the session's start) without restarting at each; it ends when the message that
 * completes the setup arrives (`ends`: SessionSetupRes at the EVCC, SessionSetupReq at the SECC) or takes `timedOut`.
 */
export function communicationSetupTimer<const D extends string, const E extends string, const T extends object>(delay: D, ends: E, timedOut: T) {
  return {
    initial: 'running',
    states: {
      running: {
        after: { [delay]: timedOut } as { readonly [K in D]: T },
        on: { [ends]: { target: 'done' } } as { readonly [K in E]: { readonly target: 'done' } },
      },
      done: { type: 'final' },
    },
  } as const;
}
