// Fake provider answers for the proxmox layer's resource types and invokes.
import type { FakeCall, FakeResource } from "./index";

export const proxmoxResources: Record<string, FakeResource> = {};

export const proxmoxCalls: Record<string, FakeCall> = {};
