/**
 * V8 settings of the `envelope` process, imported by bin.ts before any other module so that they
 * apply while the modules load.
 *
 * The young generation stays at its initial size: V8 doubles it whenever many objects survive a
 * scavenge, which loading the modules does, and the larger young generation stays resident for the
 * whole run (bench/README.md § Figures behind source choices). The CLI's stream keeps few objects
 * alive, so a small young generation costs it nothing (the frames' buffers are external memory,
 * collected by memory.ts).
 * The flag is read by V8 each time it would grow the young generation, so setting it at run time works.
 */
import { setFlagsFromString } from 'node:v8';

// Checked on Node 20 (V8 11.3). A V8 without the flag would print "unrecognized flag" on stderr
// and keep its default; setFlagsFromString itself does not throw.
setFlagsFromString('--semi-space-growth-factor=1');
