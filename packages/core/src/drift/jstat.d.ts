// The part of jstat (a CommonJS module without bundled types) the drift tests use.
declare module 'jstat' {
  interface JStat {
    chisquare: {
      /** P(X ≤ x) for a chi-square distribution with `degreesOfFreedom`. */
      cdf(x: number, degreesOfFreedom: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
