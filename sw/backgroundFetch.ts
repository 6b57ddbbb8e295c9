// Background Fetch's events for the large files the page or this worker handed to the browser
// (src/attachments/backgroundFetchFiles.ts). On success the bytes are checked against the
// SHA-256 their fetch is named after and kept like any downloaded copy; the browser's own
// download UI then says the file is on the device. A failure keeps nothing: the next sync
// (or opening the file) downloads it again. A click on the browser's UI opens the notebook.
import { browserAttachmentDeps, keepLocalFile } from '../src/attachments/AttachmentDeps';
import { parseBackgroundFetchId } from '../src/attachments/backgroundFetchFiles';
import { hashBlob } from '../src/attachments/hashBlob';
import { getDb } from '../src/db/db';
import { sw } from './scope';

async function describe(
  notebookId: string,
  sha256: string,
): Promise<{ name: string; type: string }> {
  const entries = await getDb().entries.where('notebookId').equals(notebookId).toArray();
  for (const entry of entries) {
    const found = entry.attachments?.find((attachment) => attachment.sha256 === sha256);
    if (found) return { name: found.name, type: found.type };
  }
  return { name: 'A file', type: 'application/octet-stream' };
}

async function keepFetched(event: BackgroundFetchUpdateUIEvent): Promise<void> {
  const parsed = parseBackgroundFetchId(event.registration.id);
  if (!parsed) return;
  const { name, type } = await describe(parsed.notebookId, parsed.sha256);
  const [record] = await event.registration.matchAll();
  const response = await record?.responseReady;
  const blob = response?.ok ? await response.blob() : null;
  if (blob && (await hashBlob(blob)) === parsed.sha256) {
    await keepLocalFile(browserAttachmentDeps(getDb()), parsed.sha256, blob, type, 'downloaded');
    await event.updateUI({ title: `“${name}” is on this device` });
  } else {
    await event.updateUI({ title: `“${name}” arrived damaged; Tideline will download it again` });
  }
}

export function onBackgroundFetchSuccess(event: BackgroundFetchUpdateUIEvent): void {
  event.waitUntil(keepFetched(event));
}

export function onBackgroundFetchFail(event: BackgroundFetchUpdateUIEvent): void {
  const parsed = parseBackgroundFetchId(event.registration.id);
  if (!parsed) return;
  event.waitUntil(
    describe(parsed.notebookId, parsed.sha256).then(({ name }) =>
      event.updateUI({
        title: `“${name}” could not be downloaded; Tideline tries again after the next sync`,
      }),
    ),
  );
}

export function onBackgroundFetchClick(event: BackgroundFetchEvent): void {
  const parsed = parseBackgroundFetchId(event.registration.id);
  if (!parsed) return;
  event.waitUntil(sw.clients.openWindow(`/notebooks/${parsed.notebookId}`).then(() => undefined));
}
