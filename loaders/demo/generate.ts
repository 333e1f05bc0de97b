import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Random } from "./random.ts";
import { generateCustomers } from "./customers.ts";
import { generateTickets } from "./tickets.ts";
import { addCommitments } from "./commitments.ts";
import { generateWave } from "./surveys.ts";
import { writeCustomerList, writeSurveyExport, writeTicketExports } from "./exports.ts";
import type { SurveyDefinition } from "../survey/definition.ts";

export interface DemoOptions {
  dir: string;
  seed: number;
  /** First day of data; the data runs to `end` (exclusive). */
  start: Date;
  end: Date;
  perDay: number;
  customers: number;
}

export const defaultDemo: Omit<DemoOptions, "dir"> = {
  seed: 20261101,
  start: new Date(Date.UTC(2024, 6, 1)),
  end: new Date(Date.UTC(2026, 10, 1)),
  perDay: 58,
  customers: 150,
};

/** The four survey waves and how each dimension's mood moved (warranty service dips in 2025-H2, then recovers). */
const waves: { name: string; fieldwork: Date; shift: Record<string, number> }[] = [
  { name: "2025-H1", fieldwork: new Date(Date.UTC(2025, 4, 12)), shift: {} },
  { name: "2025-H2", fieldwork: new Date(Date.UTC(2025, 10, 10)), shift: { warranty_service: -0.7, delivery: -0.2 } },
  { name: "2026-H1", fieldwork: new Date(Date.UTC(2026, 4, 11)), shift: { warranty_service: -0.2, price: -0.3 } },
  { name: "2026-H2", fieldwork: new Date(Date.UTC(2026, 9, 5)), shift: { warranty_service: 0.2, staff_attitude: 0.2 } },
];

/** Write the demo exports (deterministic from the seed) and return the folder. */
export async function generateDemo(
  options: DemoOptions,
  definition: SurveyDefinition,
): Promise<{ tickets: number; responses: number; files: string[] }> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(join(options.dir, "khao-sat"), { recursive: true });
  const random = new Random(options.seed);
  const customers = generateCustomers(random, options.customers);
  const tickets = generateTickets(random, customers, options.start, options.end, options.perDay);
  // A stream of its own: promised dates and waiting for parts leave every earlier figure as it was.
  addCommitments(new Random(options.seed ^ 0x2f6b), tickets);
  const files = [join(options.dir, "danh-sach-khach-hang.xlsx")];
  await writeCustomerList(files[0], customers);
  files.push(...writeTicketExports(join(options.dir, "phieu-dich-vu"), random, tickets, options.end));
  let responses = 0;
  for (const wave of waves) {
    if (wave.fieldwork >= options.end) continue;
    const rows = generateWave(random, definition, customers, wave.fieldwork, wave.shift);
    const file = join(options.dir, "khao-sat", `khao-sat-${wave.name}.csv`);
    writeSurveyExport(file, definition, rows, random);
    files.push(file);
    responses += rows.length;
  }
  return { tickets: tickets.length, responses, files };
}
