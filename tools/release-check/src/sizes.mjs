/** Package sizes: packed (the tarball), unpacked (sum of the tarball's files), installed (on disk). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Sum of the regular-file sizes in a gzipped tar, and their count (POSIX ustar headers). */
export function tarContents(tgz) {
  const tar = gunzipSync(tgz);
  let offset = 0;
  let bytes = 0;
  let files = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(header.subarray(124, 136).toString('ascii').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    if (type === '0' || type === '\0') {
      bytes += size;
      files++;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { bytes, files };
}

/** Total size in bytes of the files under `dir` (symlinks not followed). */
export function dirSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirSize(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** `12345` → `12.1 kB` (1 kB = 1024 bytes). */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}
