/** aswap's version, from package.json: sweep results carry it so `merge` never mixes versions. */
import pkg from '../../package.json' with {type: 'json'};

export const ASWAP_VERSION: string = pkg.version;
