import { KERNELS_WASM } from './kernels-wasm.js';

/** The slice of the WebAssembly API used here (common/ compiles without DOM or Node typings). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernels {
  memory: WasmMemory;
  dot: (x: number, y: number, n: number) => number;
  axpy: (target: number, factor: number, x: number, n: number) => void;
}

let compiled: object | undefined;

/** Rows per block: 32 rows of a few thousand doubles stay in a core's cache. */
const BLOCK = 32;

/** A fresh instance of the SIMD kernels with room for `doubles` Float64 values. */
function kernelsWithRoom(doubles: number): Kernels {
  compiled ??= new wasm.Module(fromBase64(KERNELS_WASM));
  const kernels = new wasm.Instance(compiled).exports as Kernels;
  const bytes = doubles * 8;
  if (bytes > 4 * 2 ** 30 - 65536) throw new RangeError('The matrix is too large for the recommender kernels (4 GiB).');
  const pages = Math.ceil(bytes / 65536) - kernels.memory.buffer.byteLength / 65536;
  if (pages > 0) kernels.memory.grow(pages);
  return kernels;
}

/** Base64 to bytes without Node's Buffer or the DOM's atob (common/ uses neither). */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let at = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/**
 * Dense symmetric positive-definite inverse by Cholesky, on a row-major Float64Array (n×n,
 * overwritten with the inverse). Hand-written because general-purpose inverses are far slower
 * at the sizes the recommender needs (thousands of items). The inner loops run along rows
 * (contiguous memory) in WebAssembly SIMD: a dot product in the factorization, row updates
 * (axpy) in the triangular inverse, dot products again for the product — about n³/2
 * multiply-adds in all.
 */
export function invertSpd(matrix: Float64Array, n: number): Float64Array {
  if (matrix.length !== n * n) throw new RangeError(`Expected ${n}×${n} values, got ${matrix.length}.`);
  const { memory, dot, axpy } = kernelsWithRoom(2 * n * n);
  const a = new Float64Array(memory.buffer, 0, n * n);
  const w = new Float64Array(memory.buffer, n * n * 8, n * n);
  a.set(matrix);
  const at = (row: number, column = 0) => (row * n + column) * 8;
  // Every phase works on blocks of BLOCK rows (or columns) so that each long row is read from
  // memory once per block rather than once per row: the matrices are far larger than the caches.
  // A = L Lᵀ, L in the lower triangle: L[i][j] = (A[i][j] − Σ_k<j L[i][k] L[j][k]) / L[j][j].
  for (let start = 0; start < n; start += BLOCK) {
    const stop = Math.min(n, start + BLOCK);
    for (let j = start; j < stop; j++) {
      let diagonal = a[j * n + j]! - dot(at(j), at(j), j);
      if (!(diagonal > 0)) throw new RangeError('The matrix is not positive definite.');
      diagonal = Math.sqrt(diagonal);
      a[j * n + j] = diagonal;
      for (let i = j + 1; i < stop; i++) a[i * n + j] = (a[i * n + j]! - dot(at(i), at(j), j)) / diagonal;
    }
    for (let i = stop; i < n; i++) {
      for (let j = start; j < stop; j++) a[i * n + j] = (a[i * n + j]! - dot(at(i), at(j), j)) / a[j * n + j]!;
    }
  }
  // W = L⁻¹ row by row: W[i] = (eᵢ − Σ_k<i L[i][k] W[k]) / L[i][i] (rows of W are zero past i).
  for (let start = 0; start < n; start += BLOCK) {
    const stop = Math.min(n, start + BLOCK);
    for (let i = start; i < stop; i++) w[i * n + i] = 1;
    // Rows before the block, each read once for the whole block…
    for (let k = 0; k < start; k++)
      for (let i = start; i < stop; i++) axpy(at(n + i), -a[i * n + k]!, at(n + k), k + 1);
    // …then the block's own rows, in order.
    for (let i = start; i < stop; i++) {
      for (let k = start; k < i; k++) axpy(at(n + i), -a[i * n + k]!, at(n + k), k + 1);
      const scale = 1 / a[i * n + i]!;
      for (let j = 0; j <= i; j++) w[i * n + j] = w[i * n + j]! * scale;
    }
  }
  // A⁻¹ = Wᵀ W. With U = Wᵀ (upper triangular, rows contiguous), entry (i, j ≤ i) is the dot
  // product of the suffixes from i of rows U[i] and U[j]; written into w once U is in a.
  for (let start = 0; start < n; start += BLOCK) {
    const stop = Math.min(n, start + BLOCK);
    for (let i = 0; i < n; i++) for (let j = start; j < Math.min(stop, i + 1); j++) a[j * n + i] = w[i * n + j]!;
  }
  for (let start = 0; start < n; start += BLOCK) {
    const stop = Math.min(n, start + BLOCK);
    for (let j = 0; j < stop; j++) {
      for (let i = Math.max(start, j); i < stop; i++) {
        const value = dot(at(i, i), at(j, i), n - i);
        w[i * n + j] = value;
        w[j * n + i] = value;
      }
    }
  }
  a.set(w);
  matrix.set(a);
  return matrix;
}
