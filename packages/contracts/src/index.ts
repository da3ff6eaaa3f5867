export * from './errors.js';
export * from './common.js';
export * from './identity.js';
export * from './orgs.js';
export * from './auth.js';
export * from './admin.js';
export * from './health.js';
