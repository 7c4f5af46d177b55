import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** The CLI tests run `bin/aswap.js`, which runs the compiled bundle: build it from the sources under test. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.js', import.meta.url))], {stdio: 'inherit'});
}
