// An S3-compatible server for tests (s3rver, in process, on a free loopback port, its objects in
// a temporary directory, with the multipart calls it lacks added by s3rverMultipart.ts) and the
// file settings that point Tideline at it.
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import type { FilesConfig, S3Config } from '../files/filesConfig.js';
import { defaultFilesConfig } from '../files/filesConfig.js';
import { addMultipartCalls } from './s3rverMultipart.js';
import { makeTempDir } from './tempDir.js';

export interface TestS3Server {
  s3: S3Config;
  files: FilesConfig;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'tideline-test'): Promise<TestS3Server> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: makeTempDir('tideline-s3-'),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  addMultipartCalls(server);
  const address = (await server.run()) as AddressInfo;
  const s3: S3Config = {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    region: 'us-east-1',
    // s3rver's fixed test credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  return { s3, files: { ...defaultFilesConfig(), s3 }, close: () => server.close() };
}
