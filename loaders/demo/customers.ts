import { Random } from "./random.ts";
import { companyName, regions, segments } from "./catalogue.ts";

export interface DemoCustomer {
  id: string;
  name: string;
  segment: string;
  region: string;
  productLine: string;
  /** How this customer tends to rate, from −1 (hard to please) to +1. */
  mood: number;
}

export function generateCustomers(random: Random, count: number): DemoCustomer[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `KH${String(i + 1).padStart(4, "0")}`,
    name: companyName(i),
    segment: random.weighted(segments),
    region: random.weighted(regions),
    productLine: random.pick(["Thiết bị văn phòng", "Máy tính", "Thiết bị trình chiếu"]),
    mood: random.next() * 2 - 1,
  }));
}
