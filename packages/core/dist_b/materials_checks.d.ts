/**
 * Core's side of the materials-manager seam: the requests it sends, and the checks on what any
 * manager (default, caching, the caller's own) hands back before the message uses it.
 */
import { type KeyObject, type Sign } from 'node:crypto';
import type { DecryptionMaterials, EncryptionContext, EncryptionMaterials } from './materials.js';
import type { EncryptionRequest, MaterialsManager } from './materials_manager.js';
import { type AlgorithmSuite } from './suites.js';
import type { EncryptOptions, DecryptOptions } from './options.js';
import type { ParsedHeader } from './format/header.js';
/** The caller's context, checked: a plain object of strings, no reserved keys. */
export declare function callerContext(ec: unknown): EncryptionContext;
/** The request core sends a manager for one encryption; the suite and policy are checked first. */
export declare function encryptionRequest(options: EncryptOptions, plaintextLength: number | undefined): EncryptionRequest;
/** Checked encryption materials: the data key (core wipes it) and the signer of signed suites. */
export interface PreparedEncryption {
    readonly suite: AlgorithmSuite;
    readonly materials: EncryptionMaterials;
    readonly dataKey: Uint8Array;
    readonly signer: Sign | undefined;
    readonly signingKey: KeyObject | undefined;
}
/** Asks the manager and checks its answer; on any failure the data key it returned is wiped. */
export declare function prepareEncryption(manager: MaterialsManager, request: EncryptionRequest): Promise<PreparedEncryption>;
/** Checks a parsed header against the decrypt options before any key is touched. */
export declare function checkHeaderPolicy(header: ParsedHeader, options: DecryptOptions): void;
/** Decryption materials for a parsed header from the manager, checked; the verification key comes from the header. */
export declare function prepareDecryption(manager: MaterialsManager, header: ParsedHeader, options: DecryptOptions): Promise<DecryptionMaterials>;
/** A fresh message id of the suite's format. */
export declare function newMessageId(suite: AlgorithmSuite): Buffer;
//# sourceMappingURL=materials_checks.d.ts.map