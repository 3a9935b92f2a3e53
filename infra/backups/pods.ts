// The Pod Security "restricted" settings every Job of this layer runs with: as nobody, without
// privileges, on a read-only root filesystem (a writable /tmp is an emptyDir where needed).
export const restrictedPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  seccompProfile: { type: "RuntimeDefault" },
};

export const restrictedContainerSecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};
