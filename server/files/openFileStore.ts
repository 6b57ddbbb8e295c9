// The file store the configuration asks for: S3 when S3_BUCKET is set, else DATA_DIR/files.
import { join } from 'node:path';
import { DiskFileStore } from './DiskFileStore.js';
import type { FilesConfig } from './filesConfig.js';
import type { FileStore } from './FileStore.js';
import { S3FileStore } from './S3FileStore.js';

export function openFileStore(config: FilesConfig, dataDir: string): FileStore {
  return config.s3 ? new S3FileStore(config.s3) : new DiskFileStore(join(dataDir, 'files'));
}
