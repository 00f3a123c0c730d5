// minhash ships no types; the part jixiao uses (src/core/review/similar.ts).
declare module 'minhash' {
  export class Minhash {
    constructor(config?: { numPerm?: number; seed?: number });
    hashvalues: number[];
    update(str: string): void;
    /** The 32-bit string hash update() applies each permutation to. */
    hash(str: string): number;
    jaccard(other: Minhash): number;
  }
  export class LshIndex {
    constructor(args?: { bandSize?: number });
    insert(key: string, minhash: { hashvalues: number[] }): void;
    query(minhash: { hashvalues: number[] }): string[];
  }
  const mod: { Minhash: typeof Minhash; LshIndex: typeof LshIndex };
  export default mod;
}
