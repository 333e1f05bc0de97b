// The Board's decisions (data/decisions/decisions.csv), for the trend charts' change marks.
import { loadDecisions } from "../../loaders/review/decisions.ts";

process.stdout.write(JSON.stringify(loadDecisions()));
