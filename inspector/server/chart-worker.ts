/**
 * The inspector's statecharts, drawn in a worker thread of their own (chart-thread.ts asks): comparing a machine with
 * its committed export takes tens of milliseconds of CPU and a layout seconds, and the sessions on the server's
 * thread answer within the standard's response times (0.25 s for a CurrentDemandReq), which that work, done there,
 * made them miss on a busy host.
 */
import { parentPort } from 'node:worker_threads';
import { chartSource } from './charts.js';
import type { ChartReply, ChartRequest } from './chart-thread.js';

const port = parentPort;
if (port === null) throw new Error('chart-worker.js runs as a worker thread of the inspector server');
const charts = chartSource();
port.on('message', (request: ChartRequest) => {
  if (request.type === 'learn') return charts.learn(request.definition);
  void charts.chart(request.machineId).then((drawn) => {
    const reply: ChartReply = { ask: request.ask, json: drawn === undefined ? undefined : JSON.stringify(drawn) };
    port.postMessage(reply);
  });
});
