// The push benchmark's client, in its own thread so that building and sending requests does not
// compete with the server for its event loop (as a real client on another device would not).
import { randomUUID } from 'node:crypto';
import { uuidv7 } from './uuidv7.mjs';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{url: string, headers: Record<string, string>, notebooks: number, batch: number, batches: number, warmup?: number}} */
const job = workerData;

async function post(path, body) {
  const response = await fetch(`${job.url}${path}`, {
    method: 'POST',
    headers: job.headers,
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const clientId = randomUUID();
const notebooks = Array.from({ length: job.notebooks }, () => randomUUID());
let id = 1;
await post('/api/sync/push', {
  clientId,
  mutations: notebooks.map((notebookId) => ({
    id: id++,
    name: 'notebook.create',
    args: { id: notebookId, name: 'Bench' },
  })),
});
// Requests are built before the clock starts: the figure is the server's rate.
const bodies = Array.from({ length: job.batches }, (_, batch) =>
  JSON.stringify({
    clientId,
    mutations: Array.from({ length: job.batch }, (_, i) => ({
      id: id++,
      name: 'entry.put',
      args: {
        id: uuidv7(),
        notebookId: notebooks[(batch * job.batch + i) % job.notebooks],
        baseVersion: 0,
        fields: {
          title: `Entry ${i}`,
          body: `Observation number ${i}: tide rising, wind 12 kn.`,
          tags: ['bench', `t${i % 7}`],
          done: i % 3 === 0,
        },
      },
    })),
  }),
);
// The first WARMUP batches let both ends reach steady state (JIT, caches) before timing.
const WARMUP = job.warmup ?? 0;
let started = performance.now();
for (const [index, body] of bodies.entries()) {
  if (index === WARMUP) started = performance.now();
  const response = await fetch(`${job.url}/api/sync/push`, {
    method: 'POST',
    headers: job.headers,
    body,
  });
  const result = await response.json();
  if (result.applied !== job.batch) throw new Error(`push applied ${result.applied}`);
}
const seconds = (performance.now() - started) / 1000;
parentPort?.postMessage((job.batch * (job.batches - WARMUP)) / seconds);
