// Two server instances on one PostgreSQL schema and one S3 bucket, as behind a load balancer: an
// upload begun on A resumes on B (its state lives in the bucket and the database), B verifies
// and stores it, and A serves it.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentPaths } from '../../src/protocol/attachments.js';
import { startServer, type RunningServer } from '../startServer.js';
import { attachmentAdd, someContent } from '../test/attachmentArgs.js';
import { postAs, signUpLive } from '../test/liveUsers.js';
import { startS3Server, type TestS3Server } from '../test/s3Server.js';
import { removeTempDirs } from '../test/tempDir.js';
import { testConfig } from '../test/testConfig.js';
import {
  TEST_DATABASE_URL,
  testDatabaseLocation,
  type TestDatabaseLocation,
} from '../test/testDatabases.js';
import { createUpload, sendChunk, uploadOffset, uploadUrl } from '../test/tusClient.js';

afterAll(removeTempDirs);

describe.runIf(TEST_DATABASE_URL !== undefined)('uploads across two server instances', () => {
  let location: TestDatabaseLocation;
  let s3: TestS3Server;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    location = testDatabaseLocation('postgres');
    s3 = await startS3Server();
  });
  afterEach(async () => {
    for (const server of servers.splice(0).reverse()) await server.close();
  });
  afterAll(async () => {
    await s3.close();
    await location.cleanup();
  });

  it('an upload begun on one instance resumes and finishes on another', async () => {
    const start = async () => {
      const server = await startServer(testConfig({ ...location.config, files: s3.files }), {
        ...location.options,
        logger: false,
      });
      servers.push(server);
      return server;
    };
    const a = await start();
    const b = await start();
    const ana = await signUpLive(a.url, 'Ana');
    const notebookId = randomUUID();
    const entryId = randomUUID();
    const { bytes, sha256 } = someContent(3000);
    const add = attachmentAdd(notebookId, entryId, { sha256, size: bytes.length });
    await postAs(a.url, ana, '/api/sync/push', {
      clientId: randomUUID(),
      mutations: [
        { id: 1, name: 'notebook.create', args: { id: notebookId, name: 'Survey' } },
        {
          id: 2,
          name: 'entry.put',
          args: { id: entryId, notebookId, baseVersion: 0, fields: { title: 'Photo' } },
        },
        { id: 3, ...add },
      ],
    });

    const onA = { base: a.url, user: { user: ana.user, cookie: ana.cookie, headers: {} } };
    const onB = { ...onA, base: b.url };
    const created = await createUpload(
      onA,
      { notebookId, sha256, filename: 'photo.jpg', filetype: 'image/jpeg' },
      bytes.length,
    );
    expect(created.status).toBe(201);
    const path = new URL(uploadUrl(onA, created)).pathname;
    expect((await sendChunk(onA, `${a.url}${path}`, 0, bytes.subarray(0, 1200))).status).toBe(204);

    // A goes away; the device carries on with B.
    await servers.shift()!.close();
    const head = await uploadOffset(onB, `${b.url}${path}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('1200');
    expect((await sendChunk(onB, `${b.url}${path}`, 1200, bytes.subarray(1200))).status).toBe(204);

    const c = await start();
    const content = await fetch(`${c.url}${AttachmentPaths.content(notebookId, add.args.id)}`, {
      headers: { cookie: ana.cookie },
    });
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
  });
});
