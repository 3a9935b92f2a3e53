// portkey: the table of contents. Config first, then the layers in order.
import { loadConfig } from "./infra/config";

const config = loadConfig();

export const clusterName = config.cluster.name;
