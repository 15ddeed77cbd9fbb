// A stand-in compute worker for the streamed-text WorkerClient tests: joins a streamed request's
// slices like dist/worker.js does and answers with the joined text and the number of slices, or
// `cancelled` when the flag was raised by the time the last slice came.
'use strict';
const { parentPort } = require('node:worker_threads');
const incoming = new Map();
parentPort.on('message', (message) => {
  if (message.type === 'analyze') {
    if (message.source.streamed) incoming.set(message.id, { request: message, slices: [] });
    else parentPort.postMessage({ type: 'result', id: message.id, result: { text: message.source.text, slices: 0 } });
    return;
  }
  if (message.type !== 'textSlice') return;
  const entry = incoming.get(message.id);
  if (!entry) return;
  entry.slices.push(message.text);
  if (!message.last) return;
  incoming.delete(message.id);
  if (Atomics.load(new Int32Array(entry.request.cancelFlag), 0) !== 0) {
    parentPort.postMessage({ type: 'cancelled', id: message.id, slices: entry.slices.length });
    return;
  }
  parentPort.postMessage({ type: 'result', id: message.id, result: { text: entry.slices.join(''), slices: entry.slices.length } });
});
parentPort.postMessage({ type: 'ready' });
