// Saves text as a file through the browser's download, without a round trip to the server (the
// data is on this device, and this works offline).

/** A file name from a notebook name: letters, digits, spaces and dashes, never empty. */
export function fileNameFor(name: string, extension: string): string {
  const base = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} _-]+/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${base || 'notebook'}.${extension}`;
}

export function downloadFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give slow browsers a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
