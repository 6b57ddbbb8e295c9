// The push benchmark's clients, in their own thread so that sending requests does not compete
// with the server for its event loop (as real devices would not). `clients` devices, each with
// its own client id and mutation numbering, push their batches one after another, side by side,
// into the same notebooks of one account.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { uuidv7 } from './uuidv7.mjs';

/** @type {{url: string, headers: Record<string, string>, notebooks: number, batch: number, batches: number, warmup: number, clients: number}} */
const job = workerData;

async function post(body) {
  const response = await fetch(`${job.url}/api/sync/push`, {
    method: 'POST',
    headers: job.headers,
    body,
  });
  if (!response.ok) throw new Error(`push: ${response.status} ${await response.text()}`);
  return response.json();
}

const notebooks = Array.from({ length: job.notebooks }, () => randomUUID());
await post(
  JSON.stringify({
    clientId: randomUUID(),
    mutations: notebooks.map((notebookId, i) => ({
      id: i + 1,
      name: 'notebook.create',
      args: { id: notebookId, name: 'Bench' },
    })),
  }),
);

/** One device's request bodies, built before the clock starts: the figure is the server's rate. */
function device() {
  const clientId = randomUUID();
  let id = 1;
  return Array.from({ length: job.warmup + job.batches }, (_, batch) =>
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
}
const devices = Array.from({ length: job.clients }, device);

async function send(bodies) {
  for (const body of bodies) {
    const result = await post(body);
    if (result.applied !== job.batch) throw new Error(`push applied ${result.applied}`);
  }
}

// The first `warmup` batches of each device let both ends reach steady state (JIT, caches).
await Promise.all(devices.map((bodies) => send(bodies.slice(0, job.warmup))));
const started = performance.now();
await Promise.all(devices.map((bodies) => send(bodies.slice(job.warmup))));
const seconds = (performance.now() - started) / 1000;
parentPort?.postMessage((job.batch * job.batches * job.clients) / seconds);
