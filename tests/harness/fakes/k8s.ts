// Fake provider answers for the k8s layer's resource types and invokes.
import type { FakeCall, FakeResource } from "./index";

export const k8sResources: Record<string, FakeResource> = {};

export const k8sCalls: Record<string, FakeCall> = {};
