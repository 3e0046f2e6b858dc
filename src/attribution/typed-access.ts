/**
 * Element reads for typed arrays under noUncheckedIndexedAccess. One function per element
 * type, so the solver and resampling loops that call them stay monomorphic and get inlined.
 */
export const int = (a: Int32Array, i: number): number => a[i] ?? 0
export const real = (a: Float64Array, i: number): number => a[i] ?? 0
export const byte = (a: Uint8Array, i: number): number => a[i] ?? 0
