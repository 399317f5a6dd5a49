import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError } from '@telemeter/core';
import {
  DEFAULT_EXCLUDED_DEVICES,
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTPOINTS,
  NameFilter,
} from './name-filter.js';

const keep = (filter: NameFilter, names: string[]) => names.filter((n) => filter.matches(n));

describe('NameFilter', () => {
  it('default devices: whole disks, LVM and md kept; partitions, loop, ram and zram left out', () => {
    const filter = NameFilter.from(undefined, DEFAULT_EXCLUDED_DEVICES, 'devices');
    assert.deepEqual(
      keep(filter, [
        'sda',
        'sda1',
        'vda',
        'vdb3',
        'xvda',
        'xvda1',
        'nvme0n1',
        'nvme0n1p2',
        'dm-0',
        'md0',
        'loop7',
        'ram0',
        'zram0',
        'sr0',
        'mmcblk0',
      ]),
      ['sda', 'vda', 'xvda', 'nvme0n1', 'dm-0', 'md0', 'sr0', 'mmcblk0'],
    );
  });

  it('default interfaces: physical, wireless and bonds kept; loopback and per-workload virtual ones left out', () => {
    const filter = NameFilter.from(undefined, DEFAULT_EXCLUDED_INTERFACES, 'interfaces');
    assert.deepEqual(
      keep(filter, [
        'eth0',
        'ens5',
        'enp0s3',
        'wlan0',
        'bond0',
        'tun0',
        'lo',
        'veth12ab',
        'docker0',
        'br-0123456789ab',
        'cali1',
        'flannel.1',
        'cni0',
        'virbr0',
        'ifb0',
        'kube-ipvs0',
      ]),
      ['eth0', 'ens5', 'enp0s3', 'wlan0', 'bond0', 'tun0'],
    );
  });

  it('default mountpoints and filesystem types', () => {
    const mountpoints = NameFilter.from(undefined, DEFAULT_EXCLUDED_MOUNTPOINTS, 'mountpoints');
    assert.deepEqual(
      keep(mountpoints, [
        '/',
        '/data',
        '/boot/efi',
        '/dev',
        '/dev/shm',
        '/proc',
        '/sys/fs/cgroup',
        '/var/lib/docker',
        '/var/lib/docker/overlay2/x/merged',
        '/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs',
        '/var/lib/kubelet/pods/x/volumes',
        '/home/u/.local/share/containers/storage/overlay/a/merged',
        '/device',
      ]),
      ['/', '/data', '/boot/efi', '/var/lib/docker', '/device'],
    );
    const types = NameFilter.from(undefined, DEFAULT_EXCLUDED_FS_TYPES, 'fsTypes');
    assert.deepEqual(
      keep(types, [
        'ext4',
        'xfs',
        'btrfs',
        'zfs',
        'vfat',
        'nfs4',
        'overlay',
        'fuse.sshfs',
        'tmpfs',
        'proc',
        'sysfs',
        'cgroup2',
        'squashfs',
        'devtmpfs',
        'fuse.lxcfs',
        'nsfs',
      ]),
      ['ext4', 'xfs', 'btrfs', 'zfs', 'vfat', 'nfs4', 'overlay', 'fuse.sshfs'],
    );
  });

  it('an array includes only those names and lifts the defaults', () => {
    const filter = NameFilter.from(['lo', /^eth\d$/], DEFAULT_EXCLUDED_INTERFACES, 'interfaces');
    assert.deepEqual(keep(filter, ['lo', 'eth0', 'eth10', 'wlan0']), ['lo', 'eth0']);
    assert.equal(filter.explicit, true);
  });

  it('exclude replaces the defaults; include and exclude combine', () => {
    const none = NameFilter.from({ exclude: [] }, DEFAULT_EXCLUDED_INTERFACES, 'interfaces');
    assert.deepEqual(keep(none, ['lo', 'veth1']), ['lo', 'veth1']);
    assert.equal(none.explicit, false);
    const both = NameFilter.from(
      { include: [/^veth/], exclude: ['veth2'] },
      DEFAULT_EXCLUDED_INTERFACES,
      'x',
    );
    assert.deepEqual(keep(both, ['veth1', 'veth2', 'eth0']), ['veth1']);
  });

  it('a global RegExp matches the same way every time (no lastIndex state)', () => {
    const filter = NameFilter.from([/^eth/g], [], 'interfaces');
    // Different names, so the decision cache does not hide the RegExp's state.
    assert.deepEqual(keep(filter, ['eth0', 'eth1', 'eth2', 'eth3']), ['eth0', 'eth1', 'eth2', 'eth3']);
  });

  it('keeps deciding correctly past the size of its cache', () => {
    const filter = NameFilter.from({ exclude: [/^veth/] }, [], 'interfaces');
    for (let i = 0; i < 10_000; i++) assert.equal(filter.matches(`veth${i}`), false);
    assert.equal(filter.matches('eth0'), true);
  });

  it('rejects anything but arrays of strings and RegExps', () => {
    for (const bad of ['eth0', 42, null, { include: 'eth0' }, { exclude: [1] }, [undefined]]) {
      assert.throws(
        () => NameFilter.from(bad as never, [], 'interfaces'),
        InvalidConfigError,
        JSON.stringify(bad),
      );
    }
  });

  it('describes itself stably for configuration comparison', () => {
    const a = NameFilter.from(['lo', /^eth/], [], 'i');
    const b = NameFilter.from(['lo', /^eth/], [], 'i');
    const c = NameFilter.from(['lo', /^eth/i], [], 'i');
    assert.equal(a.key, b.key);
    assert.notEqual(a.key, c.key);
  });
});
