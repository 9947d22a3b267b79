/** Fields of an experiment that change after it is created; undefined leaves a field as it is. */
export interface ExperimentUpdate {
  /** A new unique name (1 to 500 characters); CONFLICT when another experiment has it. */
  name?: string;
  /** New free text, or null to clear it. */
  description?: string | null;
}
