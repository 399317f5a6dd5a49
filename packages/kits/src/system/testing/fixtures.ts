/**
 * /proc contents from kernels other than the test machine's, for the parser and collector tests.
 * Where a file comes from a known kernel, it says so; numbers are realistic, not copied.
 */

/** Linux 2.4: four CPU columns only, no procs_running/procs_blocked, and `page`/`swap`/`disk_io` lines. */
export const PROC_STAT_2_4 = `cpu  1234 56 789 100000
cpu0 617 28 394 50000
cpu1 617 28 395 50000
page 5741 1808
swap 1 0
intr 1462898 1462898 0 0 0
disk_io: (3,0):(12,8,64,4,32)
ctxt 115315
btime 769041601
processes 86031
`;

/** Linux 2.6.9 (RHEL 4): seven CPU columns (no steal yet). */
export const PROC_STAT_2_6_9 = `cpu  2255 34 2290 22625563 6290 127 456
cpu0 1132 34 1441 11311718 3675 127 438
cpu1 1123 0 849 11313845 2614 0 18
intr 114930548 113199788 3 0 5 263 0 4 [... 9 more ...]
ctxt 1990473
btime 1062191376
processes 2915
procs_running 1
procs_blocked 0
`;

/** Linux 6.x with 4 CPUs, guest columns, and a long `intr` line. */
export const PROC_STAT_6_X = `cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
cpu0 1393280 32966 572056 13366730 2093 0 19000 0 42000 0
cpu1 1335000 36000 555000 13386000 2000 0 4000 0 44000 0
cpu2 3740000 110000 978000 10079000 6500 0 1200 0 45000 0
cpu3 3663873 111730 979663 9996753 6090 0 995 0 44628 0
intr ${['199292564', ...Array.from({ length: 2000 }, (_, i) => String(i % 7))].join(' ')}
ctxt 24193416
btime 1700000000
processes 2915133
procs_running 3
procs_blocked 1
softirq 7231232 1 3062891 1004 225347 0 0 42315 1966310 0 1933364
`;

/** RHEL 6 (Linux 2.6.32): no MemAvailable yet. */
export const MEMINFO_2_6_32 = `MemTotal:        8061132 kB
MemFree:          320672 kB
Buffers:          212284 kB
Cached:          5613536 kB
SwapCached:            0 kB
Active:          3785180 kB
Inactive:        3165412 kB
Active(anon):    1048476 kB
Inactive(anon):    76780 kB
Active(file):    2736704 kB
Inactive(file):  3088632 kB
SwapTotal:       4194300 kB
SwapFree:        4194300 kB
Dirty:               100 kB
HugePages_Total:       0
HugePages_Free:        0
Hugepagesize:       2048 kB
`;

/** Linux 3.10: 11 stat columns (14 fields per line), with partitions, LVM and a ram disk. */
export const DISKSTATS_14 = `   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0
   8       0 sda 71208 2374 4713350 43670 158214 214569 6813424 1094302 0 162417 1137879
   8       1 sda1 1976 0 16066 359 2 0 4 0 0 345 359
   8       2 sda2 69152 2374 4695708 43293 150152 214569 6813420 1093895 0 155426 1137097
 253       0 dm-0 67316 0 4540386 45001 358498 0 6701216 5104658 0 151530 5150073
   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0
`;

/** Linux 4.18-5.4: 15 stat columns (18 fields), discards added. */
export const DISKSTATS_18 = `   8       0 sdb 326552 1144 26176510 130372 32871 27541 1626760 48760 0 193856 192280 1064 0 97656832 13148
 259       0 nvme0n1 47114 4 4643973 21650 1344184 1190993 55268542 2134236 2 1283028 2259208 0 0 0 0
 259       1 nvme0n1p1 1140 0 9370 16 1 0 1 0 0 17 16 0 0 0 0
`;

/** Linux 5.5+: 17 stat columns (20 fields), flushes added. */
export const DISKSTATS_20 = ` 259       0 nvme0n1 1277034 398 117853170 268929 2766546 1898217 180862402 2305183 0 1290940 2690524 90226 0 179337296 17032 269870 99376
   7       1 loop1 59 0 2258 15 0 0 0 0 0 48 15 0 0 0 0 0 0
 253       0 zram0 4 0 32 0 0 0 0 0 0 0 0 0 0 0 0 0 0
`;

/** Linux 2.6.0-2.6.24 printed partitions with four columns (7 fields). */
export const DISKSTATS_OLD_PARTITIONS = `   3    0 hda 446216 784926 9550688 4382310 424847 312726 5922052 19310380 0 3376340 23705160
   3    1 hda1 35486 38030 38030 38030
`;

/** A container host: many virtual interfaces, one long-name interface without a space after the colon. */
export const NET_DEV_CONTAINER_HOST = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 86415392  281917    0    0    0     0          0         0 86415392  281917    0    0    0     0       0          0
  eth0:1934713263 12480316    3   17    0     0          0    118237 862136412 6431771    0    0    0     0       0          0
  wlan0: 23984   210    0    0    0     0          0         0    12800     98    0    0    0     0       0          0
docker0:  3142592   41287    0    0    0     0          0         0 191638130  50032    0    0    0     0       0          0
br-4f2a6c9d1e3b:   12040     150    0    0    0     0          0         0    20311     233    0    0    0     0       0          0
veth1a2b3c4:  1500    12    0    0    0     0          0         0    2400     20    0    0    0     0       0          0
veth9f8e7d6:  1700    14    0    0    0     0          0         0    2600     21    0    0    0     0       0          0
cali12345abcde: 900   9    0    0    0     0          0         0    800      8    0    0    0     0       0          0
flannel.1: 5000   50    0    1    0     0          0         0    6000     60    0    0    0     0       0          0
 bond0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0
`;

/** Linux 2.0 had no byte counters: the header tells which columns there are. */
export const NET_DEV_2_0 = `Inter-|   Receive                  |  Transmit
 face |packets errs drop fifo frame|packets errs drop fifo colls carrier
    lo:      0    0    0    0    0        0    0    0    0     0       0
  eth0:  12345    1    2    0    0     6789    0    0    0     3       0
`;

/** Mounts with escaped spaces, a stacked mountpoint, docker layers, tmpfs and pseudo filesystems. */
export const MOUNTS_DOCKER_HOST = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
udev /dev devtmpfs rw,nosuid,relatime,size=8119340k,nr_inodes=2029835,mode=755 0 0
tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1628336k,mode=755 0 0
/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0
/dev/sdb1 /media/My\\040Disk ext4 ro,nosuid,nodev,relatime 0 0
/dev/mapper/vg-data /data xfs rw,relatime 0 0
/dev/mapper/vg-data2 /data xfs rw,noatime 0 0
overlay /var/lib/docker/overlay2/3f2a/merged overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC 0 0
nsfs /run/docker/netns/1a2b nsfs rw 0 0
/dev/loop3 /snap/core20/2105 squashfs ro,nodev,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0
`;

/** A container's view: overlay root, bind mounts from the host. */
export const MOUNTS_CONTAINER = `overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/X:/var/lib/docker/overlay2/l/Y,upperdir=/var/lib/docker/overlay2/abc/diff,workdir=/var/lib/docker/overlay2/abc/work 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0
shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0
/dev/nvme0n1p2 /etc/hosts ext4 rw,relatime 0 0
/dev/nvme0n1p2 /app/data ext4 rw,relatime 0 0
`;
