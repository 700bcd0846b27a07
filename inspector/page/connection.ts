/**
 * The page's end of the inspector's WebSocket: the server first replays every event so far, then streams. Each text
 * message is a JSON array of Stately-format events (`?batch`, see inspector/server.ts). The page keeps what it
 * received when the server goes away: a finished run stays open for review.
 */
/// <reference lib="dom" />
import type { StatelyInspectionEvent } from '../../actors/runtime/stately-events.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export function connect(onEvents: (events: readonly StatelyInspectionEvent[]) => void, onStatus: (status: ConnectionStatus) => void): void {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/?batch`);
  onStatus('connecting');
  socket.addEventListener('open', () => onStatus('open'));
  socket.addEventListener('close', () => onStatus('closed'));
  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    if (typeof message.data !== 'string') return;
    const parsed = JSON.parse(message.data) as StatelyInspectionEvent | StatelyInspectionEvent[];
    onEvents(Array.isArray(parsed) ? parsed : [parsed]);
  });
}
