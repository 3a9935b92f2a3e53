// Safety data of the backups layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const backupsReplaceRules: ReplaceRule[] = [];

export const backupsDataBearing: DataBearing[] = [];
