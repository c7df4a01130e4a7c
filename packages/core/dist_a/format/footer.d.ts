import type { AlgorithmSuite } from '../suites.js';
import type { Read } from '../internal/step_reader.js';
/**
 * Reads the footer at b[o..]: the signature (a view of `b`); undefined when `b` ends first.
 * A declared length over the suite's largest signature fails at once (SignatureError).
 */
export declare function readFooter(b: Buffer, o: number, suite: AlgorithmSuite): Read<Buffer>;
/** Writes the footer at out[o..]; returns the offset after it. */
export declare function writeFooter(signature: Uint8Array, out: Buffer, o: number): number;
/** Bytes of the largest footer of the suite (0 for unsigned suites). */
export declare function maxFooterLength(suite: AlgorithmSuite): number;
//# sourceMappingURL=footer.d.ts.map