// How the sync core reaches the server: two calls, push and pull (DESIGN.md, "Sync protocol").
// Implementations throw the typed errors of errors.ts (OfflineError, AuthRequiredError,
// ServerBusyError, ProtocolError) and return answers already checked against the schemas.
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../protocol/sync';

export interface Transport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
}
