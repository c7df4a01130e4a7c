/**
 * The AWS SDK clients are loaded on first use, not at import: an application (or the CLI) that
 * imports Envelope but decrypts with an escrow or raw key never pays for them in memory or start-up.
 */
export type KmsSdk = typeof import('@aws-sdk/client-kms');
export type StsSdk = typeof import('@aws-sdk/client-sts');

let kms: Promise<KmsSdk> | undefined;
let sts: Promise<StsSdk> | undefined;

export const loadKmsSdk = (): Promise<KmsSdk> => (kms ??= import('@aws-sdk/client-kms'));
export const loadStsSdk = (): Promise<StsSdk> => (sts ??= import('@aws-sdk/client-sts'));
