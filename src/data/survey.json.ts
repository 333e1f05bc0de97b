// Every survey wave, analysed in DuckDB (loaders/survey/analysis.ts): the page switches waves without reloading.
// Each wave under its own survey definition's questions (the one most of its sheets answered; others are named in
// `other_definitions`), so a foreign survey loaded beside the standard one never relabels or empties a wave.
import { withWarehouse } from "../../loaders/warehouse/snapshot.ts";
import { surveyWaves, waveSummary, smallSample } from "../../loaders/survey/analysis.ts";

const waves = await withWarehouse(async (w) => {
  const list = await surveyWaves(w);
  return Promise.all(list.map((wave) => waveSummary(w, wave)));
});
process.stdout.write(JSON.stringify({ smallSample, waves: waves ?? [] }));
