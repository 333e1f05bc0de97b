export * from "./format.js";
export * from "./fold.js";
export * from "./kpi.js";
export * from "./summary.js";
