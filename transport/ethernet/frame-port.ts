/**
 * One host's access to an Ethernet segment for HomePlug AV management messages (EtherType 0x88E1): what the SLAC
 * actors are written against, so a raw socket on a Linux interface, the in-process software modem and a plain
 * in-memory cable are interchangeable beneath them.
 */
import type { Observable } from 'rxjs';
import type { MacAddress } from '../../codecs/slac/index.js';

export interface FramePort {
  /** This host's MAC: the source of what it sends, and the destination of unicast frames meant for it. */
  readonly mac: MacAddress;
  /**
   * Received whole Ethernet frames (without FCS), as the segment delivers them: not filtered by destination (a raw
   * socket also sees unicast frames for other hosts), possibly of other EtherTypes. Completes on `close()`.
   */
  readonly frames$: Observable<Uint8Array>;
  /** Sends one whole Ethernet frame; ignored after `close()`. */
  send(frame: Uint8Array): void;
  close(): void;
}
