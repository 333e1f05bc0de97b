import type { CodedField } from "./vocabulary.ts";

/**
 * How one canonical column is read from an export cell. Every kind of export
 * (tickets, survey responses, customers) is described by a list of these, and one
 * generic SQL builder turns the list into parsing, normalising and checking.
 */
export type FieldSpec =
  | { name: string; type: "text"; aliases: string[]; required?: boolean; personal?: boolean }
  | { name: string; type: "timestamp"; aliases: string[]; required?: boolean }
  | { name: string; type: "coded"; aliases: string[]; vocabulary: CodedField; unknown: "other" | "reject" }
  | { name: string; type: "score"; aliases: string[]; min: number; max: number }
  | { name: string; type: "amount"; aliases: string[]; /** Larger is a typo, not a value. */ max: number }
  | { name: string; type: "wave"; aliases: string[] };

/** A chronology rule: `later` may not come before `earlier` (reason `${later}_before_${earlier}`). */
export interface OrderRule {
  later: string;
  earlier: string;
  /** Only checked when this field is empty (on-site repairs have no product_received_at). */
  unless?: string;
}

export type ExportKind = "tickets" | "survey" | "customers";

export interface ExportSpec {
  kind: ExportKind;
  /** Canonical field that identifies a row; re-imports update rows with the same key. */
  key: string;
  /** The field a row without which is "missing_key", when it is not the key (an event log's ticket id). */
  idField?: string;
  /** When the export has no key column, the key is a hash of these fields. */
  deriveKey?: string[];
  fields: FieldSpec[];
  order: OrderRule[];
  /** Fields whose columns must be present for the file to be usable at all. */
  requiredColumns: string[];
  /** When set, at least one of these columns must be present too for a file to be taken as this kind. */
  recognisedBy?: string[];
}
