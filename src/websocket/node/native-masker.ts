import { createRequire } from 'node:module';
import { logger } from '../../core/logger.js';
import { jsMasker, Masker, type MaskKernel } from '../../protocol/mask.js';

/**
 * The masker Node peers use: the `bufferutil` addon (the native masking kernel `ws` uses) when
 * the application has it installed, else the pure-JS kernels. It is an optional peer
 * dependency, never required; GODOT_WS_NO_BUFFERUTIL=1 turns it off. bufferutil falls back
 * to its own slow JS code when its binary cannot load, so only native functions are taken.
 */
let masker: Masker | undefined;

export function nodeMasker(): Masker {
  masker ??= load();
  return masker;
}

function load(): Masker {
  if (process.env.GODOT_WS_NO_BUFFERUTIL) return jsMasker;
  let kernel: Partial<MaskKernel>;
  try {
    kernel = createRequire(import.meta.url)('bufferutil') as Partial<MaskKernel>;
  } catch {
    return jsMasker;
  }
  if (!isNative(kernel.mask) || !isNative(kernel.unmask)) return jsMasker;
  logger.verbose('Masking with the native bufferutil addon.');
  return new Masker(kernel as MaskKernel);
}

function isNative(fn: unknown): boolean {
  return typeof fn === 'function' && Function.prototype.toString.call(fn).includes('[native code]');
}
