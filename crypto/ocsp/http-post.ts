/**
 * One OCSP exchange over HTTP (RFC 6960 Appendix A.1): the DER request POSTed as application/ocsp-request, the DER
 * response read back. Bounded both ways a responder could hold us: the whole exchange has a deadline, and a body
 * longer than the limit is cut off when its Content-Length announces it or when that many bytes have arrived.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { OcspError } from './errors.js';

export interface HttpPostLimits {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export function postOcspRequest(url: string, body: Uint8Array, limits: HttpPostLimits): Promise<Uint8Array> {
  const where = `HTTP POST ${url}`;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new OcspError('responder URL', `"${url}" is not a URL`));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new OcspError('responder URL', `${target.protocol} is neither http: nor https:`));
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      // One connection per exchange, closed after it: a kept-alive socket would outlive a query made once an hour.
      agent: false,
      method: 'POST',
      headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response', 'Content-Length': body.byteLength },
    });
    const deadline = setTimeout(() => request.destroy(new OcspError(where, `no complete response within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(deadline);
      reject(error instanceof OcspError ? error : new OcspError(where, error.message));
    };
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      if (response.statusCode !== 200) return void request.destroy(new OcspError(where, `HTTP status ${response.statusCode}`));
      const announced = Number(response.headers['content-length']);
      if (announced > limits.maxResponseBytes) return void request.destroy(new OcspError(where, `Content-Length ${announced} exceeds the limit of ${limits.maxResponseBytes} bytes`));
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > limits.maxResponseBytes) request.destroy(new OcspError(where, `response longer than the limit of ${limits.maxResponseBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(deadline);
        resolve(new Uint8Array(Buffer.concat(chunks)));
      });
    });
    request.end(body);
  });
}
