// What the file routes are given: the API's context and the file store.
import type { ApiContext } from '../routes/ApiContext.js';
import type { FileStore } from './FileStore.js';

export interface FilesContext extends ApiContext {
  store: FileStore;
}
