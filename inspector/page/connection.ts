/**
 * The page's end of the inspector's WebSocket. Each text message is a JSON array of Stately-format events (`?batch`,
 * see inspector/server.ts) or a word from the server about the stream (model/stream-control.ts): on joining, how far
 * behind live the page starts, then that it is live. The page keeps what it received when the server goes away: a
 * finished run stays open for review.
 */
/// <reference lib="dom" />
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';
import { isStreamControl, type CatchUpMessage } from './model/stream-control.js';

export type ConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'catching-up'; readonly behind: CatchUpMessage }
  | { readonly status: 'live' }
  | { readonly status: 'closed'; readonly reason: string };

export function connect(onEvents: (events: readonly StatelyInspectionEvent[]) => void, onState: (state: ConnectionState) => void): void {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/?batch`);
  onState({ status: 'connecting' });
  socket.addEventListener('close', (event) => onState({ status: 'closed', reason: event.reason }));
  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    if (typeof message.data !== 'string') return;
    const parsed = JSON.parse(message.data) as unknown;
    if (Array.isArray(parsed)) onEvents(parsed as StatelyInspectionEvent[]);
    else if (isStreamControl(parsed)) onState(parsed.type === 'kopher.live' ? { status: 'live' } : { status: 'catching-up', behind: parsed });
  });
}

/** The status line's words for a state. */
export function describeState(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'connecting';
    case 'catching-up': {
      const { events, ms, compacted, resync } = state.behind;
      const kept = compacted > 0 ? `; ${compacted} earlier events kept as each actor's latest snapshot` : '';
      return `${resync ? 'fell behind, resyncing' : 'catching up'}: ${events} events (${(ms / 1000).toFixed(1)} s) behind live${kept}`;
    }
    case 'live':
      return 'live';
    case 'closed':
      return state.reason === '' ? 'stream ended' : `stream ended: ${state.reason}`;
  }
}
