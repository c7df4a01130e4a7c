import { type Source, type Steps } from '../internal/step_reader.js';
import { type HeaderAuth, type HeaderFields, type HeaderLimits, type ParsedHeader } from './header_fields.js';
/** Resumable reader of a v1 header at the start of the source. */
export declare function headerV1Steps(src: Source, limits?: HeaderLimits): Steps<ParsedHeader>;
/** Writes a v1 header; `auth` computes the tag over the header body the writer laid out. */
export declare function writeHeaderV1(h: HeaderFields, auth: HeaderAuth): Buffer;
//# sourceMappingURL=header_v1.d.ts.map