// What a single value must look like: each check returns the rule it breaks, or undefined.

/**
 * Why bpg refuses a device entry's `comment`, or undefined if it takes it. PVE keeps the comment as
 * `description=…` inside the comma-separated property string of the map entry, so the provider's
 * Check rejects "," and "=" (HardwareMappingMapCommentValidator, `^[^,=]*$`, bpg#2609), an empty
 * comment and surrounding whitespace (resourceSchemaBaseAttrComment).
 * see https://github.com/bpg/terraform-provider-proxmox/blob/v0.111.1/fwprovider/validators/hardware_mapping.go
 * see https://github.com/bpg/terraform-provider-proxmox/blob/v0.111.1/fwprovider/cluster/hardwaremapping/shared.go
 */
export function mapCommentProblem(comment: string): string | undefined {
  if (/[,=]/.test(comment))
    return 'must not contain "," or "=" (Proxmox keeps it in a comma-separated property string)';
  if (comment === "") return "must not be empty (Proxmox refuses an empty mapping comment)";
  if (comment.trim() !== comment) return "must not start or end with whitespace (Proxmox refuses it)";
  return undefined;
}
