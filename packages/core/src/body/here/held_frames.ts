/**
 * The interface of the body's writers ({@link BodyEncoder}), and what the writers of frames sealed from the chunk share (frame_encoders.ts, run_frame_encoder.ts):
 * up to one frame of plaintext held between writes, as a copy (the caller may reuse its chunk),
 * and the order of a write: the held frame completed first, then the whole frames inside the chunk.
 */
import type { StartedMessage } from '../../encryptor.js';
import type { Push } from '../seams.js';

/** Turns plaintext chunks into body parts. */
export interface BodyEncoder {
  /** Takes one chunk; writes every part that is complete and known not to be the last. */
  write(chunk: Buffer, push: Push): void;
  /** Writes what is left as the last part (the final frame, or the non-framed body). */
  end(push: Push): void;
  /** Zeroes the plaintext held, if any (the message failed). */
  wipe?(): void;
}

export abstract class HeldFrameEncoder {
  /** Up to one frame of plaintext not yet written. */
  protected readonly pending: Buffer;
  protected pendingLength = 0;
  /** The next frame's sequence number. */
  protected seq = 1;

  constructor(protected readonly m: StartedMessage) {
    this.pending = Buffer.allocUnsafeSlow(m.frameLength);
  }

  write(chunk: Buffer, push: Push): void {
    const f = this.m.frameLength;
    // Frames are written only when more bytes follow them, so the final frame is never empty
    // unless the whole input is.
    const total = this.pendingLength + chunk.length;
    const frames = total === 0 ? 0 : Math.ceil(total / f) - 1;
    if (frames === 0) {
      this.pendingLength += chunk.copy(this.pending, this.pendingLength);
      return;
    }
    this.begin(frames);
    let off = 0;
    let inChunk = frames;
    if (this.pendingLength > 0) {
      off = chunk.copy(this.pending, this.pendingLength, 0, f - this.pendingLength);
      this.seal(this.pending, 0, 1, push);
      inChunk--;
    }
    if (inChunk > 0) this.seal(chunk, off, inChunk, push);
    this.finish(push);
    this.pendingLength = chunk.copy(this.pending, 0, off + inChunk * f);
  }

  /** Zeroes the plaintext held (the message ended or failed). */
  wipe(): void {
    this.pending.fill(0);
    this.pendingLength = 0;
  }

  /** The plaintext of the final frame: what is held. */
  protected held(): Buffer {
    return this.pending.subarray(0, this.pendingLength);
  }

  /** A write that seals `frames` frames starts. */
  protected abstract begin(frames: number): void;
  /** Seals `count` regular frames from src[at..], numbered from {@link seq} (which it advances). */
  protected abstract seal(src: Buffer, at: number, count: number, push: Push): void;
  /** The write's frames are sealed: push what is left of them. */
  protected abstract finish(push: Push): void;
}
