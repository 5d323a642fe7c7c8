/** Saves `data` as a file called `name` through a temporary link (the browser's download). */
export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download may still be reading the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
