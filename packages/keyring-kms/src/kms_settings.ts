/** The config file's `kms` section, as every `aws-kms` keyring of one config file shares it. */
import type { RemoteCallSettings } from '@envelope/core';

/** KMS settings shared by every `aws-kms` keyring of one config file: core's remote-call settings. */
export type KmsSettings = RemoteCallSettings;
