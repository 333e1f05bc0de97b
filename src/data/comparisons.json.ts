// Fair comparisons: funnel plots of technicians and product models, Paretos of fault codes; every month, aggregated.
import { compactRows, withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { installFacts } from "../../loaders/kpi/facts.ts";
import { sharedResult } from "../../loaders/warehouse/resultCache.ts";
import { loadTargets } from "../../loaders/kpi/targets.ts";
import { kpiCatalogue } from "../../loaders/kpi/registry.ts";
import { funnelData, funnelDimensions, funnelKpis, funnelZ } from "../../loaders/kpi/funnel.ts";
import { paretoData } from "../../loaders/kpi/pareto.ts";
import { columnsWithData } from "../../loaders/kpi/measure.ts";

const targets = loadTargets();
const kpis = kpiCatalogue(targets).filter((k) => (funnelKpis as readonly string[]).includes(k.id));
const data = await sharedResult("comparisons", () =>
  withWarehouse(async (w) => {
    await installFacts(w, targets.repeatWindowDays);
    const funnels = await funnelData(w, targets);
    const paretos = await paretoData(w);
    // Complaints are told apart only by request type: without it there is no complaint Pareto to draw (not "0").
    const present = await columnsWithData(w);
    return {
      complaintsKnown: present.has("request_type"),
      available: funnels.months.length > 0,
      months: funnels.months,
      funnels: compactRows(funnels.funnels.map(({ groups: _, not_measured, ...f }) => ({ ...f, not_measured }))),
      groups: compactRows(
        funnels.funnels.flatMap(({ kpi, dimension, period, month, groups }) =>
          groups.map(({ limits, ...g }) => ({ kpi, dimension, period, month, ...g, ...limits })),
        ),
      ),
      paretoKeys: paretos.keys,
      paretos: compactRows(paretos.paretos.map(({ bars: _, ...p }) => p)),
      bars: compactRows(
        paretos.paretos.flatMap(({ set, period, month, bars }) => bars.map((b) => ({ set, period, month, ...b }))),
      ),
    };
  }),
);
process.stdout.write(
  JSON.stringify({
    z: funnelZ,
    dimensions: funnelDimensions,
    kpis,
    repeatWindowDays: targets.repeatWindowDays,
    ...(data ?? { available: false, months: [] }),
  }),
);
