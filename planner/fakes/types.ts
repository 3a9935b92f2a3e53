// The shapes of fake provider answers, in a module of their own so the per-provider files and the
// index that gathers them import it, never each other.

export interface FakeResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

/** Extra or computed outputs of one resource type; `id` overrides the default id. */
export type FakeResource = (args: FakeResourceArgs) => { id?: string; outputs?: Record<string, unknown> };
export type FakeCall = (inputs: Record<string, any>) => Record<string, unknown>;
