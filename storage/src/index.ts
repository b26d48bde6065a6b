export * from './storage-path.js';
export * from './drivers/storage.driver.js';
export * from './drivers/smb.driver.js';
export * from './drivers/local-dir.driver.js';
export * from './samba/samba-config.renderer.js';
