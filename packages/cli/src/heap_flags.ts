/**
 * V8 settings of the `envelope` process, imported by bin.ts before any other module so that they
 * apply while the modules load (issue 21).
 *
 * The young generation stays at its initial size (1 MiB semi-spaces): V8 doubles it whenever many
 * objects survive a scavenge, which loading the modules does, and left it at 8 MiB, ~3.5 MiB more
 * resident memory for the whole run. The CLI's stream keeps few objects alive, so a small young
 * generation costs it nothing (the frames' buffers are external memory, collected by memory.ts).
 * The flag is read by V8 each time it would grow the young generation, so setting it at run time works.
 */
import { setFlagsFromString } from 'node:v8';

// Checked on Node 20 (V8 11.3). A V8 without the flag would print "unrecognized flag" on stderr
// and keep its default; setFlagsFromString itself does not throw.
setFlagsFromString('--semi-space-growth-factor=1');
