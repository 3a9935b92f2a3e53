// Test entry: the platform on a provider whose kubeconfig is known.
import * as pulumi from "@pulumi/pulumi";
import { fakeKubeconfig, platformProgram } from "./program";

module.exports = platformProgram(pulumi.secret(fakeKubeconfig));
