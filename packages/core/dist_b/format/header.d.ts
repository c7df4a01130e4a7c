import type { MessageHeader } from '../header_types.js';
import { StepReader, type Source, type Steps } from '../internal/step_reader.js';
import type { HeaderAuth, HeaderFields, HeaderLimits, ParsedHeader } from './header_fields.js';
export type { HeaderAuth, HeaderFields, HeaderLimits, ParsedHeader } from './header_fields.js';
/** Resumable reader of a header of either version. */
export declare function headerSteps(src: Source, limits?: HeaderLimits): Steps<ParsedHeader>;
/**
 * Reads a header at the start of `b`. Returns undefined when `b` is too short to hold the whole
 * header (read again with more bytes); throws on a malformed header.
 */
export declare function readHeader(b: Buffer, limits?: HeaderLimits): ParsedHeader | undefined;
/** A header reader that resumes where it stopped each time more bytes arrived. */
export declare function headerReader(limits?: HeaderLimits): StepReader<ParsedHeader>;
/** Writes the header of the fields' suite version; `auth` computes the tag over the authenticated bytes. */
export declare function writeHeader(h: HeaderFields, auth: HeaderAuth): Buffer;
/** The public view of a parsed header (no internal buffers beyond the documented fields). */
export declare function publicHeader(h: ParsedHeader): MessageHeader;
//# sourceMappingURL=header.d.ts.map