/**
 * What every V2G connection of a stack needs besides its machines: a channel over it, its traffic in the message log
 * and, with `--pcap`, in the capture. Shared by the EVCC and the SECC so both record the same way.
 */
import { map, type Observable } from 'rxjs';
import type { Connection } from '../../transport/connection-port.js';
import type { PcapRecorder, RecordedTcpFlow } from '../capture/pcap-recorder.js';
import type { TlsConnection } from '../../transport/tls.js';
import type { WireEvent } from '../../transport/wire-tap.js';
import { createV2gChannel, type ChannelTraffic, type V2gChannel } from '../channel/v2g-channel-actor.js';
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../../base/clock.js';
import { logEntry, type LoggedMessage } from './message-log.js';

export interface RecordedChannel {
  readonly channel: V2gChannel;
  /** Every message in and out from the moment of subscription, in order; completes when the channel ends. */
  readonly messages$: Observable<LoggedMessage>;
  readonly messages: readonly LoggedMessage[];
}

export interface RecordingOptions {
  readonly side: 'evcc' | 'secc';
  readonly clock: Clock;
  /** Time 0 of the message log's `t`. */
  readonly start: number;
  readonly pcap?: PcapRecorder;
  readonly maxPayloadLength?: number;
  readonly log?: (line: string) => void;
  /** Keep every message in `messages` (the demo's summary); a station with many sessions streams them instead. */
  readonly keep?: boolean;
  /** Names the channel's actor in inspection, e.g. `secc/3/channel`. */
  readonly id: string;
  readonly inspect?: (event: InspectionEvent) => void;
  /** Read the peer's messages in conformance mode (strict EXI) instead of like the field sends them. */
  readonly strict?: boolean;
}

export function recordedChannel(connection: Connection, options: RecordingOptions): RecordedChannel {
  const channel = createV2gChannel(connection, {
    protocol: 'apphand',
    clock: options.clock,
    maxPayloadLength: options.maxPayloadLength,
    log: options.log,
    id: options.id,
    inspect: options.inspect,
    lenient: !options.strict,
  });
  const fromEvcc = options.side === 'evcc';
  const [client, server] = fromEvcc ? [connection.local, connection.remote] : [connection.remote, connection.local];
  // A TLS connection is recorded as it was on the wire, with its secrets; a TCP one from the frames it carried.
  const wire = options.pcap && 'wire' in connection ? (connection as TlsConnection).wire : undefined;
  const flow = options.pcap?.tcp(client, server, wire?.openedAt ?? options.clock.now());
  if (wire && flow && options.pcap) recordWire(wire.events$, flow, options.pcap, fromEvcc);
  const frames = wire ? undefined : flow;
  const entry = (traffic: ChannelTraffic): LoggedMessage => logEntry(traffic, options.side, options.start);
  const messages: LoggedMessage[] = [];
  if (frames || options.keep) {
    channel.traffic$.subscribe({
      next: (traffic) => {
        frames?.data((traffic.dir === 'out') === fromEvcc, traffic.frame, traffic.time);
        if (options.keep) messages.push(entry(traffic));
      },
      complete: () => frames?.close(fromEvcc, options.clock.now()),
    });
  }
  // A station with a thousand sessions usually has nobody reading their logs: the channel records its traffic, and
  // an entry is built, only while someone reads.
  return { channel, messages$: channel.traffic$.pipe(map(entry)), messages };
}

/** The TLS records into `flow` as they passed, each key log line into the capture as a Decryption Secrets Block. */
function recordWire(events$: Observable<WireEvent>, flow: RecordedTcpFlow, pcap: PcapRecorder, fromEvcc: boolean): void {
  events$.subscribe({
    next: (event) => {
      if (event.type === 'keylog') pcap.tlsSecrets(event.line);
      else flow.data((event.direction === 'out') === fromEvcc, event.bytes, event.time);
    },
    complete: () => flow.close(fromEvcc, Date.now()),
  });
}
