package main

import (
	"strings"
	"testing"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/generate"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
)

// controlPlaneConfig is a control-plane config as the machinery's own generator writes it for
// the v1.12 contract; each test breaks one field of it.
func controlPlaneConfig(t *testing.T) string {
	t.Helper()

	contract, err := config.ParseContractFromVersion("v1.12")
	if err != nil {
		t.Fatal(err)
	}

	bundle, err := secrets.NewBundle(secrets.NewFixedClock(time.Unix(1767225600, 0)), contract)
	if err != nil {
		t.Fatal(err)
	}

	input, err := generate.NewInput("portkey", "https://192.168.0.100:6443", "1.35.0",
		generate.WithVersionContract(contract), generate.WithSecretsBundle(bundle))
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := input.Config(machine.TypeControlPlane)
	if err != nil {
		t.Fatal(err)
	}

	text, err := cfg.EncodeBytes()
	if err != nil {
		t.Fatal(err)
	}

	return string(text)
}

func TestAcceptsTheGeneratorsOwnControlPlaneConfig(t *testing.T) {
	got := validateAll(map[string]string{"metal0": controlPlaneConfig(t)})
	if len(got["metal0"].Errors) != 0 {
		t.Fatalf("metal0: %v", got["metal0"].Errors)
	}
}

func TestNamesTheUnknownFieldAStrictDecoderRefuses(t *testing.T) {
	text := strings.Replace(controlPlaneConfig(t), "\n    kubelet:\n", "\n    kubelett: {}\n    kubelet:\n", 1)
	got := validateAll(map[string]string{"metal1": text})["metal1"].Errors

	if len(got) != 1 || !strings.Contains(got[0], "kubelett") {
		t.Fatalf("want one error naming kubelett, got %q", got)
	}
}

func TestReportsEachFieldTheValidatorRefusesOnItsOwnLine(t *testing.T) {
	text := strings.Replace(controlPlaneConfig(t), "type: controlplane", "type: controlpane", 1)
	got := validateAll(map[string]string{"metal2": text})["metal2"].Errors
	want := []string{
		"v1alpha1.Config: etcd config is only allowed on control plane machines",
		"v1alpha1.Config: cluster CA key is not allowed on non-controlplane nodes (.cluster.ca)",
		`v1alpha1.Config: unknown machine type "controlpane"`,
	}

	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("want %q, got %q", want, got)
	}
}
