/** Sets the CLI's V8 flags (bin/v8-flags.js; importing the module also sets them). */
export function tuneV8(): void;
