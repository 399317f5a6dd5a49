/**
 * Parser for Linux `/proc/self/mounts` (the fstab format, fs/proc_namespace.c): the mounts this
 * process's mount namespace sees, one per line as `device mountpoint fstype options dump pass`.
 */

export interface MountEntry {
  readonly device: string;
  readonly mountpoint: string;
  readonly fstype: string;
  readonly options: readonly string[];
}

/**
 * Never throws: lines with fewer than four fields are skipped. Octal escapes the kernel writes for
 * space, tab, newline and backslash (`\040`, `\011`, `\012`, `\134`) are decoded. A mountpoint
 * listed twice (one mount stacked on another) keeps the last entry, the one a path lookup reaches.
 */
export function parseMounts(text: string): MountEntry[] {
  const byMountpoint = new Map<string, MountEntry>();
  for (const line of text.split('\n')) {
    // The kernel separates with single spaces and escapes the ones inside fields.
    const cols = line.split(' ');
    if (cols.length < 4 || cols[0] === '' || cols[1] === '' || cols[2] === '') continue;
    const mountpoint = unescapeMountField(cols[1]!);
    byMountpoint.delete(mountpoint);
    byMountpoint.set(mountpoint, {
      device: unescapeMountField(cols[0]!),
      mountpoint,
      fstype: unescapeMountField(cols[2]!),
      options: cols[3]!.split(','),
    });
  }
  return [...byMountpoint.values()];
}

const OCTAL_ESCAPE = /\\([0-7]{3})/g;

/** Decodes the kernel's `\ooo` escapes (fs/proc_namespace.c `mangle`, seq_file.c `seq_escape`). */
export function unescapeMountField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(OCTAL_ESCAPE, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}
