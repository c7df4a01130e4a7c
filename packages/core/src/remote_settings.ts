/**
 * Settings of the remote calls keyrings make (a key service's endpoints per location, credentials,
 * a deadline), shared by every keyring of one configuration. A keyring package names them in its
 * own words (keyring-kms: `KmsSettings`); core only carries them from the config to the services.
 */

/** Remote-call settings shared by the keyrings of one config file (its `kms` section plus `localRegion`). */
export interface RemoteCallSettings {
  /** Location (region) tried first on decrypt. */
  readonly localRegion?: string;
  /** Endpoint override per location (a local emulator); leave out for the service's own. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Explicit credentials; leave out for the SDK's default chain. */
  readonly credentials?: {
    /** Access key id. */
    readonly accessKeyId: string;
    /** Secret access key. */
    readonly secretAccessKey: string;
    /** Session token of temporary credentials. */
    readonly sessionToken?: string;
  };
  /** Deadline of one remote call, ms. */
  readonly timeoutMs?: number;
}
