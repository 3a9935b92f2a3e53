// The Proxmox preflight: before anything else registers, read the hosts through the provider's own
// functions and stop the run with one error listing every problem (preflight.ts). Invokes run in
// `preview` as in `up` (their arguments are all known), so a preview shows the problems, and no
// resource is planned on a host that cannot take it.
//
// The check has a provider of its own: the layer's provider is a child of ProxmoxNodes, and the
// component's other children must not register before the check passed. A second provider is a
// configuration, not a Proxmox object; it is built from the same arguments as the layer's.
import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { NodeConfig, SiteConfig } from "../config";
import { Answer, expectations, Facts, problems } from "./preflight";

export interface ProxmoxPreflightArgs {
  /** The Proxmox endpoint and hosts, with what each host is expected to have. */
  proxmox: SiteConfig["proxmox"];
  /** The Talos VMs, keyed by hostname: their hosts download the image. */
  nodes: Record<string, NodeConfig>;
  /** Proxmox API token, "user@realm!tokenid=uuid". */
  apiToken: pulumi.Input<string>;
}

/** API token only: every call of the stack goes through the API (no SSH). */
export function providerArgs(proxmox: SiteConfig["proxmox"], apiToken: pulumi.Input<string>): proxmoxve.ProviderArgs {
  return { endpoint: proxmox.endpoint, apiToken: pulumi.secret(apiToken), insecure: proxmox.insecure };
}

async function ask<T>(call: () => Promise<T>): Promise<Answer<T>> {
  try {
    return await call();
  } catch (err) {
    return { error: (err instanceof Error ? err.message : String(err)).trim() };
  }
}

async function byHost<T>(hosts: string[], call: (host: string) => Promise<T>): Promise<Record<string, Answer<T>>> {
  const unique = [...new Set(hosts)].sort();
  return Object.fromEntries(await Promise.all(unique.map(async (host) => [host, await ask(() => call(host))])));
}

/** Resolves when every host passed; otherwise throws a RunError (printed without a stack trace). */
export async function checkProxmoxHosts(
  name: string,
  args: ProxmoxPreflightArgs,
  opts?: pulumi.CustomResourceOptions,
): Promise<void> {
  const provider = new proxmoxve.Provider(`${name}-preflight`, providerArgs(args.proxmox, args.apiToken), opts);
  const invokeOpts = { provider };
  const expected = expectations(args.proxmox, args.nodes);
  const datastoreOf = Object.fromEntries(expected.images.map((i) => [i.host, i.datastore]));
  // Privileges: /version is open to every user; datastores need Datastore.Audit, PCI devices
  // Sys.Audit on /, mapping checks Mapping.Audit (docs/proxmox-setup.md).
  const [version, datastores, pci, usbChecks]: [
    Facts["version"],
    Facts["datastores"],
    Facts["pci"],
    Facts["usbChecks"],
  ] = await Promise.all([
    ask(() => proxmoxve.getVersion(invokeOpts)),
    byHost(Object.keys(datastoreOf), async (host) => {
      const answer = await proxmoxve.getDatastores({ nodeName: host, filters: { id: datastoreOf[host] } }, invokeOpts);
      return answer.datastores ?? [];
    }),
    byHost(
      expected.pci.map((e) => e.host),
      async (host) => (await proxmoxve.hardware.getPci({ nodeName: host }, invokeOpts)).devices,
    ),
    byHost(
      expected.usb.map((e) => e.host),
      async (host) => (await proxmoxve.hardware.getMappings({ type: "usb", checkNode: host }, invokeOpts)).checks,
    ),
  ]);
  const found = problems(expected, { version, datastores, pci, usbChecks });
  if (found.length > 0) {
    const lines = found.map((p) => `  - ${p}`).join("\n");
    throw new pulumi.RunError(
      `the Proxmox preflight found ${found.length} problem(s); nothing was changed (fixes: docs/proxmox-setup.md):\n${lines}`,
    );
  }
}
