// Safety data of the talos layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const talosReplaceRules: ReplaceRule[] = [];

export const talosDataBearing: DataBearing[] = [];
