export { decodeCapture } from './decode-capture.js';
export type { CaptureEvent, Direction } from './events.js';
export { SynthesizedTcpFlow, udpPacket } from './synthesize.js';
