/**
 * Frames sealed in runs by the backend's batch calls (body/../crypto/frame_run.ts), with a backend
 * whose frames cost no cipher set-up each (the native addon). A stream's encoder gives each write
 * a buffer of its own, which the stream keeps; a writer that lends its output (message_writer.ts)
 * seals every write into one buffer of its own, reused, and hands out views of it that live until
 * its sink returns.
 */
import { backend } from '#crypto-backend';
import { bodyOverhead } from '../../format/frame_head.js';
import { asBuffer } from '../../internal/bytes.js';
import { writeFinalFrame, type StartedMessage } from '../../encryptor.js';
import type { Push } from '../seams.js';
import { FrameRun } from '../../crypto/frame_run.js';
import { now } from '../../crypto/maybe.js';
import { HeldFrameEncoder, type BodyEncoder } from './held_frames.js';

/**
 * Memory for a stream's write of sealed frames: the backend's recycled memory when it has some (a
 * fast stream frees tens of MiB of outputs per collection, and memory that malloc gives back to the
 * system faults in anew page by page), else a Buffer of its own.
 */
function outputBuffer(length: number): Buffer {
  return backend.outputBuffer ? asBuffer(backend.outputBuffer(length)) : Buffer.allocUnsafe(length);
}

/** Largest output a lending encoder hands out at once (at least one frame). */
const LENT_OUTPUT_BYTES = 512 * 1024;

export class RunFrameEncoder extends HeldFrameEncoder implements BodyEncoder {
  private readonly run: FrameRun;
  /** Lending: the one output buffer, and how many frames it holds. */
  private readonly lent: Buffer | undefined;
  private readonly perOutput: number;
  /** The output being filled: the buffer, bytes written, frames in it, frames it holds. */
  private out: Buffer = Buffer.alloc(0);
  private w = 0;
  private inOut = 0;
  private room = 0;

  constructor(m: StartedMessage, lend: boolean) {
    super(m);
    this.run = new FrameRun(m.body, m.frameLength);
    this.perOutput = lend ? Math.max(1, Math.min(this.run.capacity, Math.floor(LENT_OUTPUT_BYTES / this.run.frameBytes))) : Infinity;
    const finalBytes = bodyOverhead('final', m.suite) + m.frameLength;
    this.lent = lend ? Buffer.allocUnsafeSlow(Math.max(this.perOutput * this.run.frameBytes, finalBytes)) : undefined;
  }

  end(push: Push): void {
    const { m } = this;
    const plaintext = this.held();
    const out = this.lent ?? Buffer.allocUnsafe(bodyOverhead('final', m.suite) + plaintext.length);
    try {
      push(out.subarray(0, now(writeFinalFrame(m.body, this.seq, plaintext, out, 0))));
    } finally {
      this.wipe();
    }
  }

  /** The output of a write that seals `frames` frames: the lent buffer, or one of its own. */
  protected begin(frames: number): void {
    this.out = this.lent ?? outputBuffer(frames * this.run.frameBytes);
    this.room = this.lent ? this.perOutput : frames;
    this.w = 0;
    this.inOut = 0;
  }

  /** Seals in runs after what the output holds, handing out a full lent output before going on. */
  protected seal(src: Buffer, at: number, count: number, push: Push): void {
    const f = this.m.frameLength;
    while (count > 0) {
      if (this.inOut === this.room) {
        push(this.out.subarray(0, this.w));
        this.w = 0;
        this.inOut = 0;
      }
      const n = Math.min(count, this.run.capacity, this.room - this.inOut);
      this.w = this.run.seal(this.seq, n, src, at, this.out, this.w);
      this.seq += n;
      this.inOut += n;
      at += n * f;
      count -= n;
    }
  }

  protected finish(push: Push): void {
    if (this.w > 0) push(this.out.subarray(0, this.w));
  }
}
