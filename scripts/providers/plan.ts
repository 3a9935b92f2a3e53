// The offline plan the provider suite is fed with. The planner still lives in the test harness;
// this is the suite's only import of it, so moving it to product code changes this file alone.
export { renderPlan } from "../../tests/harness/plan";
export type { Plan, RenderOptions } from "../../tests/harness/plan";
