/** An application that keeps every export of the client's browser build (nothing tree-shaken away). */
import * as envelope from '@envelope/client';

(globalThis as { envelope?: unknown }).envelope = envelope;
