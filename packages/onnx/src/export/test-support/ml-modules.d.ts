// ml-logistic-regression and ml-cart ship no type declarations; the tests only need these shapes.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: { weights: Matrix; testScores(features: Matrix): number[] }[];
    numberClasses: number;
    train(x: Matrix, y: Matrix): void;
    predict(x: Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: Record<string, unknown>): LogisticRegression;
  }
}

declare module 'ml-cart' {
  export class DecisionTreeClassifier {
    constructor(options?: Record<string, unknown>);
    root: { classify(row: number[]): { to1DArray(): number[] } };
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
    toJSON(): Record<string, unknown>;
    static load(model: Record<string, unknown>): DecisionTreeClassifier;
  }
  export class DecisionTreeRegression {
    constructor(options?: Record<string, unknown>);
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
    toJSON(): Record<string, unknown>;
    static load(model: Record<string, unknown>): DecisionTreeRegression;
  }
}
