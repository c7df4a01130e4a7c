export { main, helpText, VERSION } from './program.js';
export { EXIT, exitCodeOf } from './exit_codes.js';
export { describeHeader } from './commands/inspect.js';
