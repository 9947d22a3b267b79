/** Fields of a registered model that change after it is created; undefined leaves a field as it is. */
export interface RegisteredModelUpdate {
  /** A new name (CONFLICT when another registered model has it). */
  name?: string;
  /** A new description; null removes it. */
  description?: string | null;
  /** When the change happened, epoch milliseconds (set by the core). */
  updatedAt: number;
}
