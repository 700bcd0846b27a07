export { decodeCapture } from './decode-capture.js';
export type { CaptureEvent, Direction } from './capture-events.js';
export { SynthesizedTcpFlow, udpPacket } from './synthesize.js';
