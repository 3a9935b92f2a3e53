// Fake provider answers for the talos layer's resource types and invokes.
import type { FakeCall, FakeResource } from "./index";

export const talosResources: Record<string, FakeResource> = {};

export const talosCalls: Record<string, FakeCall> = {};
