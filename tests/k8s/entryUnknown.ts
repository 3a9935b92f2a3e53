// Test entry: the first preview of an empty site, where the Talos kubeconfig is not known yet.
import * as pulumi from "@pulumi/pulumi";
import { platformProgram } from "./program";

module.exports = platformProgram(pulumi.output<string>(pulumi.unknown as unknown as string));
