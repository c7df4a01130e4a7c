/** Frame length when none is given: 4096 bytes, as in the AWS ESDK. */
export const DEFAULT_FRAME_LENGTH = 4096;
/** Largest non-framed body a stream buffers: 64 MiB. */
export const DEFAULT_MAX_BODY_SIZE = 64 * 1024 * 1024;
/** Largest frame length a reader accepts: 64 MiB. */
export const DEFAULT_MAX_FRAME_LENGTH = 64 * 1024 * 1024;
/** Largest header a reader accepts: 1 MiB. */
export const DEFAULT_MAX_HEADER_SIZE = 1024 * 1024;
//# sourceMappingURL=options.js.map