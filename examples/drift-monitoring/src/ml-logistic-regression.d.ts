// ml-logistic-regression ships no type declarations; these cover what the example uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: { weights: Matrix; testScores(features: Matrix): number[] }[];
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
  }
}
