/**
 * What the v1 and v2 header codecs share: the parsed form, the fields a writer takes, and the
 * checks of the suite id, content type and frame length.
 */
import { MalformedMessageError, UnsupportedSuiteError, needs } from '../errors.js';
import { findSuite, suiteLabel } from '../suites.js';
const CONTENT_NON_FRAMED = 0x01;
const CONTENT_FRAMED = 0x02;
/** The suite of a header's suite id, which must belong to the header's version. */
export function suiteOf(id, version) {
    const suite = findSuite(id);
    if (!suite)
        throw new UnsupportedSuiteError(`header: unknown algorithm suite ${suiteLabel(id)}`);
    needs(suite.messageFormat === version, MalformedMessageError, `header: suite ${suiteLabel(id)} is not valid in a v${version} header`);
    return suite;
}
/** The content type byte, read. */
export function readContentType(byte) {
    if (byte === CONTENT_FRAMED)
        return 'framed';
    needs(byte === CONTENT_NON_FRAMED, MalformedMessageError, 'header: unknown content type');
    return 'non-framed';
}
/** The content type byte of a frame length (0: non-framed). */
export function contentTypeOf(frameLength) {
    needs(Number.isInteger(frameLength) && frameLength >= 0 && frameLength <= 0xffffffff, MalformedMessageError, 'header: frame length out of range');
    return frameLength === 0 ? CONTENT_NON_FRAMED : CONTENT_FRAMED;
}
/** Framed content has frames; non-framed content has frame length 0. */
export function checkFields(contentType, frameLength) {
    if (contentType === 'framed')
        needs(frameLength > 0, MalformedMessageError, 'header: frame length 0 with framed content');
    else
        needs(frameLength === 0, MalformedMessageError, 'header: non-zero frame length with non-framed content');
}
//# sourceMappingURL=header_fields.js.map