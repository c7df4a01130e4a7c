export { ThresholdKeyring } from './threshold_keyring.js';
export type { ThresholdKeyringOptions } from './threshold_keyring.js';
export { thresholdProvider } from './threshold_provider.js';
export type { ThresholdConfig } from './threshold_provider.js';
export { readShareInfo, writeShareInfo, SHARE_INFO_VERSION } from './share_info.js';
export { describeShareEdk } from './describe_share.js';
export type { ShareInfo } from './share_info.js';
