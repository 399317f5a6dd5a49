/**
 * Which devices, interfaces and filesystems get series. The defaults keep cardinality bounded by
 * construction: virtual and per-container things (loop devices, veth pairs, overlay layers, /proc)
 * multiply with workloads, not with hardware, so they are left out unless asked for.
 */
import { InvalidConfigError } from '@telemeter/core';

/** A name matches a string exactly, or a RegExp by `test()` (anchor it yourself). */
export type NamePattern = string | RegExp;

/**
 * An array is shorthand for `{ include: array }`. With `include`, only matching names are kept and
 * the default exclusions do not apply; `exclude` replaces the default exclusions.
 */
export type NameFilterOption =
  | readonly NamePattern[]
  | { readonly include?: readonly NamePattern[]; readonly exclude?: readonly NamePattern[] };

/**
 * Block devices left out by default: node_exporter's default
 * `^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$` (collector/diskstats_linux.go): RAM disks,
 * loop devices, floppies and partitions, whose I/O is already counted in their whole disk.
 */
export const DEFAULT_EXCLUDED_DEVICES: readonly NamePattern[] = Object.freeze([
  /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/,
]);

/**
 * Network interfaces left out by default: loopback, and virtual interfaces that container
 * runtimes, CNI plugins and hypervisors create per workload (one veth per pod, ...).
 */
export const DEFAULT_EXCLUDED_INTERFACES: readonly NamePattern[] = Object.freeze([
  'lo',
  /^veth/,
  /^docker\d+$/,
  /^br-[0-9a-f]{12}$/,
  /^virbr\d+(-nic)?$/,
  /^vnet\d+$/,
  /^cali/,
  /^cilium_/,
  /^lxc/,
  /^flannel\./,
  /^cni\d+$/,
  /^vxlan/,
  /^kube-/,
  /^weave/,
  /^datapath$/,
  /^genev_sys_/,
  /^nodelocaldns$/,
  /^podman\d+$/,
  /^ifb\d+$/,
  /^dummy\d+$/,
]);

/**
 * Mountpoints left out by default: node_exporter's default
 * `^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)`
 * (collector/filesystem_linux.go), plus containerd, kubelet and rootless-podman layer mounts.
 */
export const DEFAULT_EXCLUDED_MOUNTPOINTS: readonly NamePattern[] = Object.freeze([
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/,
  /^\/run\/containerd\/./,
  /^\/var\/lib\/kubelet\/./,
  /\/containers\/storage\/overlay\//,
]);

/**
 * Filesystem types left out by default: node_exporter's default list (pseudo filesystems with no
 * meaningful size, collector/filesystem_linux.go), plus memory-backed `tmpfs`/`ramfs` and a few
 * FUSE helpers. `overlay` is kept (unlike node_exporter) because it is a container's root
 * filesystem; its per-layer mounts are excluded by mountpoint instead. Plain strings, so the list
 * can be filtered: `DEFAULT_EXCLUDED_FS_TYPES.filter((t) => t !== 'tmpfs')`.
 */
export const DEFAULT_EXCLUDED_FS_TYPES: readonly string[] = Object.freeze([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'erofs',
  'fusectl',
  'fuse.gvfsd-fuse',
  'fuse.lxcfs',
  'fuse.portal',
  'fuse.snapfuse',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'proc',
  'procfs',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
]);

/** Past this many distinct names the decision cache is dropped, so churning names cannot grow it. */
const MAX_CACHED_NAMES = 4096;

/** A compiled name filter; decisions are cached, so a scrape costs a map lookup per name. */
export class NameFilter {
  private readonly cache = new Map<string, boolean>();

  constructor(
    private readonly include: readonly NamePattern[] | undefined,
    private readonly exclude: readonly NamePattern[],
  ) {}

  /** A filter that keeps every name. */
  static all(): NameFilter {
    return new NameFilter(undefined, []);
  }

  /** Compiles an option; `defaults` apply only when neither `include` nor `exclude` is given. */
  static from(
    option: NameFilterOption | undefined,
    defaults: readonly NamePattern[],
    field: string,
  ): NameFilter {
    if (option === undefined) return new NameFilter(undefined, copyPatterns(defaults, field));
    if (Array.isArray(option)) return new NameFilter(copyPatterns(option, field), []);
    if (option === null || typeof option !== 'object') {
      throw new InvalidConfigError(
        field,
        `${field} must be an array of names/RegExps or { include?, exclude? }`,
      );
    }
    const { include, exclude } = option as { include?: unknown; exclude?: unknown };
    const includes = include === undefined ? undefined : copyPatterns(include, `${field}.include`);
    const excludes =
      exclude !== undefined
        ? copyPatterns(exclude, `${field}.exclude`)
        : includes === undefined
          ? copyPatterns(defaults, field)
          : [];
    return new NameFilter(includes, excludes);
  }

  /** Whether `include` was given (mountpoints named explicitly also lift the default fstype exclusion). */
  get explicit(): boolean {
    return this.include !== undefined;
  }

  /** A stable description, to tell whether two collectors were configured alike. */
  get key(): string {
    const show = (list: readonly NamePattern[] | undefined) =>
      list === undefined
        ? 'any'
        : list.map((p) => (typeof p === 'string' ? JSON.stringify(p) : String(p))).join(',');
    return `${show(this.include)}/${show(this.exclude)}`;
  }

  matches(name: string): boolean {
    let keep = this.cache.get(name);
    if (keep === undefined) {
      keep =
        (this.include === undefined || matchesAny(this.include, name)) && !matchesAny(this.exclude, name);
      if (this.cache.size >= MAX_CACHED_NAMES) this.cache.clear();
      this.cache.set(name, keep);
    }
    return keep;
  }
}

function matchesAny(patterns: readonly NamePattern[], name: string): boolean {
  for (const pattern of patterns) {
    if (typeof pattern === 'string' ? pattern === name : pattern.test(name)) return true;
  }
  return false;
}

function copyPatterns(list: unknown, field: string): NamePattern[] {
  if (!Array.isArray(list)) {
    throw new InvalidConfigError(field, `${field} must be an array of strings and RegExps`);
  }
  return list.map((pattern) => {
    if (typeof pattern === 'string') return pattern;
    // A copy without the g/y flags: test() on a global RegExp is stateful (lastIndex) and would
    // alternate between match and no match for the same name.
    if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    throw new InvalidConfigError(
      field,
      `${field} must contain only strings and RegExps, got ${typeof pattern}`,
    );
  });
}
