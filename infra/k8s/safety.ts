// Safety data of the k8s layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const k8sReplaceRules: ReplaceRule[] = [];

export const k8sDataBearing: DataBearing[] = [];
