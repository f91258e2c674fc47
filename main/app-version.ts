import { version } from '../package.json';

/** The version of this build, from package.json (inlined by the bundler). */
export const APP_VERSION: string = version;
