import { setTimeout as sleep } from 'node:timers/promises';
import type { Container } from '@azure/cosmos';
import { MLOpsError } from '@mlops-ts/core';
import { cosmosProviderId } from './cosmos-errors.js';
import { createItem, deleteItem, queryAll, readItem } from './item-access.js';

/** What distinguishes the two named records of the catalog container: experiments and deployment targets. */
export interface NamedRecordKind<Record extends { id: string; name: string; createdAt: number }> {
  /** `type` of the record's own item, e.g. 'experiment'. */
  recordType: string;
  /** `type` of its name claim, e.g. 'experiment-name'. */
  claimType: string;
  /** The claim's item id for a name. */
  claimId(name: string): string;
  /** Copies the record's fields out of an item or a claim's embedded copy. */
  toRecord(value: Record): Record;
  /** For messages, e.g. 'An experiment'. */
  label: string;
}

/** A name claim item: the name's reservation, holding the record. */
interface ClaimItem<Record> {
  id: string;
  type: string;
  record: Record;
}

/**
 * Records with a unique name in the catalog container (partitioned by `/id`). Each record
 * is two items: its own, under its id (point reads by id), and a claim under an id derived
 * from its name (point reads by name). Creating the claim is what makes a name taken: of
 * concurrent creators only one succeeds, the others get 409, remove their record item and
 * return the winner's record. The record item is written before the claim, so a record
 * found through its claim always exists under its id too; a creator that dies between the
 * two leaves a record item no claim points at, which no listing or lookup by name shows.
 */
export class NamedCatalog<Record extends { id: string; name: string; createdAt: number }> {
  constructor(
    private readonly container: () => Container,
    private readonly kind: NamedRecordKind<Record>,
  ) {}

  /** The stored record with this name, or the new one. */
  async create(record: Record): Promise<Record> {
    const claimId = this.kind.claimId(record.name);
    const existing = await this.#readClaim(claimId);
    if (existing) return existing;
    const recordItem = { ...this.kind.toRecord(record), type: this.kind.recordType };
    if (!(await createItem(this.container(), recordItem, `${this.kind.label.toLowerCase()} '${record.name}'`))) {
      throw new MLOpsError(
        'CONFLICT',
        `${this.kind.label} with id '${record.id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`,
        { providerId: cosmosProviderId },
      );
    }
    const claim: ClaimItem<Record> = { id: claimId, type: this.kind.claimType, record: this.kind.toRecord(record) };
    if (await createItem(this.container(), claim, `the name claim of '${record.name}'`)) return this.kind.toRecord(record);
    // Another creator claimed the name first: withdraw this record and return theirs.
    await deleteItem(this.container(), record.id, record.id, `${this.kind.label.toLowerCase()} '${record.id}'`);
    return this.#readClaimAfterConflict(claimId, record.name);
  }

  /** The record with this id, or null. */
  async getById(id: string): Promise<Record | null> {
    const item = await readItem<Record & { type: string }>(this.container(), id, id, `${this.kind.label.toLowerCase()} '${id}'`);
    return item && item.type === this.kind.recordType ? this.kind.toRecord(item) : null;
  }

  /** The record with exactly this name, or null. */
  async getByName(name: string): Promise<Record | null> {
    return this.#readClaim(this.kind.claimId(name));
  }

  /** Every record, oldest first (by createdAt, then id). Crosses partitions: one claim per record. */
  async list(): Promise<Record[]> {
    const records = await queryAll<{ record: Record }>(
      this.container(),
      { query: 'SELECT c.record FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: this.kind.claimType }] },
      `the ${this.kind.claimType} claims`,
    );
    return records
      .map(({ record }) => this.kind.toRecord(record))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async #readClaim(claimId: string): Promise<Record | null> {
    const claim = await readItem<ClaimItem<Record>>(this.container(), claimId, claimId, `a ${this.kind.claimType} claim`);
    return claim ? this.kind.toRecord(claim.record) : null;
  }

  // Under session consistency another client's claim can take a moment to be readable here.
  async #readClaimAfterConflict(claimId: string, name: string): Promise<Record> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const claimed = await this.#readClaim(claimId);
      if (claimed) return claimed;
      await sleep(Math.min(200, 5 * 2 ** attempt));
    }
    throw new MLOpsError(
      'UNAVAILABLE',
      `The name '${name}' is claimed in Cosmos DB, but its claim could not be read back. Retry; if it persists, check the account's consistency level.`,
      { providerId: cosmosProviderId },
    );
  }
}
