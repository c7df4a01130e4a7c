// The byte fixtures of the codec tests (sources in ../fixtures/README.md).
import { readFileSync } from 'node:fs';
import { findSuite, type AlgorithmSuite } from '@envelope/core';
import { readHeader, type ParsedHeader } from '../../src/format/header.js';
import { readFrameHead } from '../../src/format/frame_head.js';

export interface Fixture { name: string; bytes: Buffer; header: ParsedHeader; suite: AlgorithmSuite }

function load(name: string): Fixture {
  const bytes = readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
  const header = readHeader(bytes)!;
  return { name, bytes, header, suite: findSuite(header.suiteId)! };
}

export const v1Framed = load('esdk-python-1.3.0-0346-512.bin');
export const v1NonFramed = load('esdk-python-1.3.0-0014-0.bin');
export const v2Framed = load('esdk-node-5.0.2-0578-512.bin');
export const all = [v1Framed, v1NonFramed, v2Framed];

/** Offset of the EDK section (after version, type, suite id, message id and the context field). */
export function edkOffset(f: Fixture): number {
  const start = (f.header.version === 1 ? 4 : 3) + f.suite.messageIdLength;
  return start + 2 + f.bytes.readUInt16BE(start);
}

/** Offset of the footer of a framed fixture: after the final frame. */
export function footerOffset(f: Fixture): number {
  let o = f.header.length;
  for (;;) {
    const r = readFrameHead(f.bytes, o, f.suite, f.header.frameLength)!;
    o = r.end + r.value.length + f.suite.tagLength;
    if (r.value.kind === 'final') return o;
  }
}
