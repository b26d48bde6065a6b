import { LocalDirStorageDriver, SmbStorageDriver } from '@ringwell/storage';
import { describeStorageDriverContract } from '@ringwell/storage/testing';
import { testCluster } from '../src/test-cluster.js';

const ctx = testCluster();
const t = ctx.topology;
const freshTenant = (): number => 800_000 + Math.floor(Math.random() * 99_999);

// The same contract as the unit suite, against Samba through HAProxy...
describeStorageDriverContract('SMB (Samba through HAProxy)', async () => ({
  driver: new SmbStorageDriver({ host: t.haproxy.host, port: t.haproxy.smbPort, share: t.samba.share, user: t.samba.user, password: ctx.secrets.smbPassword }),
  tenantId: freshTenant(),
}));

// ...and against the share's directory, as a host that mounts the share would see it.
describeStorageDriverContract('mounted directory (the share on disk)', async () => ({
  driver: new LocalDirStorageDriver(ctx.paths.smbShare),
  tenantId: freshTenant(),
}));
