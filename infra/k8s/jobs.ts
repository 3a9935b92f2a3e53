// How `pulumi up` awaits the stack's own Jobs (repository checks, restore gates, the Intel CRD).

/**
 * A Job that failed (or timed out) is replaced at the next `pulumi up` instead of awaited again
 * (pulumi-kubernetes, "pulumi.com/replaceUnready": Jobs only), so fixing the cause and re-running
 * `up` runs it again. Without `pulumi.com/waitFor` the provider's Job await fails at once when the
 * Job fails, instead of waiting out the timeout.
 */
export function jobAwait(timeoutSeconds: number): Record<string, string> {
  return { "pulumi.com/replaceUnready": "true", "pulumi.com/timeoutSeconds": String(timeoutSeconds) };
}
