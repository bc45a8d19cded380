// `test` and `describe` for files that start a real Chromium: the same as node:test's, skipped
// with the reason when no browser is installed outside CI (chromiumSkipReason), failing under CI.
import { describe as nodeDescribe, test as nodeTest } from 'node:test';
import { chromiumSkipReason } from './godot4/chromium.js';

/** Why this machine cannot run browser tests, or false. */
export const CHROMIUM_SKIP = chromiumSkipReason();

type Options = { skip?: boolean | string; [key: string]: unknown };

function withSkip<F extends (...args: never[]) => unknown>(run: F): F {
  return ((name: string, a?: Options | (() => unknown), b?: () => unknown) => {
    const options = typeof a === 'object' ? a : {};
    const fn = typeof a === 'function' ? a : b;
    const skip = options.skip || CHROMIUM_SKIP;
    return (run as unknown as (n: string, o: Options, f?: () => unknown) => unknown)(
      name,
      { ...options, skip },
      fn,
    );
  }) as unknown as F;
}

export const test = withSkip(nodeTest);
export const describe = withSkip(nodeDescribe);
