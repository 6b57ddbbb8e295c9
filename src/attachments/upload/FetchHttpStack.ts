// tus-js-client's HTTP stack over fetch. Its own browser stack uses XMLHttpRequest, which a
// service worker does not have; this one runs alike in the sync worker, the service worker and
// Node. fetch reports no upload progress, so progress moves a chunk at a time (chunks are
// AttachmentLimits.chunkBytes). Every PATCH body is counted (`onBodySent`): the bytes that
// actually crossed, including a chunk cut off and sent again after a failure.
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { apiFetch, type FileApi } from '../FileApi';

class FetchResponse implements HttpResponse {
  constructor(
    private readonly response: Response,
    private readonly body: string,
  ) {}

  getStatus(): number {
    return this.response.status;
  }

  getHeader(header: string): string | undefined {
    return this.response.headers.get(header) ?? undefined;
  }

  getBody(): string {
    return this.body;
  }

  getUnderlyingObject(): unknown {
    return this.response;
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();

  constructor(
    private readonly method: string,
    private readonly url: string,
    private readonly api: FileApi,
    private readonly onBodySent: (bytes: number) => void,
  ) {}

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header];
  }

  setProgressHandler(): void {
    // fetch has no upload progress; tus reports each chunk as it completes.
  }

  async send(body?: Blob | null): Promise<HttpResponse> {
    // Counted as it leaves: a chunk cut off mid-way still went (part of it) over the network.
    if (body instanceof Blob && body.size > 0) this.onBodySent(body.size);
    // The API helper adds the test's bearer token; the URL is absolute already.
    const response = await apiFetch({ ...this.api, baseUrl: '' }, this.url, {
      method: this.method,
      headers: this.headers,
      ...(body != null && { body }),
      signal: this.controller.signal,
    });
    return new FetchResponse(response, await response.text());
  }

  abort(): Promise<void> {
    this.controller.abort();
    return Promise.resolve();
  }

  getUnderlyingObject(): unknown {
    return this.controller;
  }
}

export class FetchHttpStack implements HttpStack {
  constructor(
    private readonly api: FileApi,
    private readonly onBodySent: (bytes: number) => void = () => undefined,
  ) {}

  createRequest(method: string, url: string): HttpRequest {
    return new FetchRequest(method, url, this.api, this.onBodySent);
  }

  getName(): string {
    return 'TidelineFetchHttpStack';
  }
}
