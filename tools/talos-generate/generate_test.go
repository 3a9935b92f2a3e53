package main

import (
	"strings"
	"testing"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
)

func str(s string) *string { return &s }

// controlPlaneArgs are getConfiguration arguments like the program's: a v1alpha1 patch and a
// HostnameConfig document, the v1.12 contract, Kubernetes 1.35.0.
func controlPlaneArgs() Args {
	return Args{
		ClusterName:     str("portkey"),
		ClusterEndpoint: str("https://192.168.0.100:6443"),
		MachineType:     str("controlplane"),
		ConfigPatches: []string{
			"machine:\n  install:\n    image: factory.talos.dev/nocloud-installer/abc:v1.12.3\n",
			"apiVersion: v1alpha1\nkind: HostnameConfig\nauto: \"off\"\nhostname: metal0\n",
		},
		TalosVersion:      str("v1.12"),
		KubernetesVersion: str("1.35.0"),
	}
}

func generateOK(t *testing.T, args Args) string {
	t.Helper()

	bundle, err := NewSecrets("v1.12")
	if err != nil {
		t.Fatal(err)
	}

	text, problems := Generate(args, bundle)
	if len(problems) != 0 {
		t.Fatalf("want no errors, got %q", problems)
	}

	return text
}

func generateErrors(t *testing.T, args Args) []string {
	t.Helper()

	bundle, err := NewSecrets("v1.12")
	if err != nil {
		t.Fatal(err)
	}

	text, problems := Generate(args, bundle)
	if text != "" {
		t.Fatalf("want no config next to errors, got %d bytes", len(text))
	}

	return problems
}

func TestWritesTheControlPlaneConfigWithEveryPatchApplied(t *testing.T) {
	cfg, err := configloader.NewFromBytes([]byte(generateOK(t, controlPlaneArgs())))
	if err != nil {
		t.Fatal(err)
	}

	got := []string{
		cfg.Machine().Type().String(),
		cfg.Machine().Install().Image(),
		cfg.NetworkHostnameConfig().Hostname(),
		cfg.Cluster().Name(),
		cfg.Machine().Kubelet().Image(),
	}
	want := []string{
		machine.TypeControlPlane.String(),
		"factory.talos.dev/nocloud-installer/abc:v1.12.3",
		"metal0",
		"portkey",
		"ghcr.io/siderolabs/kubelet:v1.35.0",
	}

	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("want %q, got %q", want, got)
	}
}

func TestRefusesAPatchKeyTheSchemaLacksNamingThePatchAndTheKey(t *testing.T) {
	args := controlPlaneArgs()
	args.ConfigPatches[1] = strings.Replace(args.ConfigPatches[1], "hostname:", "hostnam:", 1)

	got := generateErrors(t, args)
	if len(got) != 1 || !strings.HasPrefix(got[0], "configPatches[1]: ") || !strings.Contains(got[0], "hostnam: metal0") {
		t.Fatalf("want one error on configPatches[1] naming hostnam, got %q", got)
	}
}

func TestRefusesAnEndpointWithoutTheHTTPSScheme(t *testing.T) {
	args := controlPlaneArgs()
	args.ClusterEndpoint = str("192.168.0.100:6443")

	got := generateErrors(t, args)
	if len(got) != 1 || !strings.HasPrefix(got[0], "clusterEndpoint: ") {
		t.Fatalf("want one error on clusterEndpoint, got %q", got)
	}
}

func TestRefusesAMachineTypeTheDataSourceLacksAndAMissingClusterName(t *testing.T) {
	args := controlPlaneArgs()
	args.MachineType = str("controlpane")
	args.ClusterName = nil

	got := generateErrors(t, args)
	want := []string{"clusterName: required", `machineType: "controlpane" is neither controlplane nor worker`}

	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("want %q, got %q", want, got)
	}
}
