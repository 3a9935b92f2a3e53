package main

import (
	"errors"
	"strings"

	"github.com/hashicorp/go-multierror"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/validation"
)

// Result is what the machinery says of one node's config.
type Result struct {
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings"`
}

// cloudMode is the runtime mode of a nocloud VM: Talos' own runtime.ModeCloud lives in an
// internal package, so this mirrors its answers (no install on first boot, not in a container).
// see https://github.com/siderolabs/talos/blob/v1.12.3/internal/app/machined/pkg/runtime/mode.go
// see https://github.com/siderolabs/talos/blob/v1.12.3/internal/app/machined/pkg/runtime/v1alpha1/platform/nocloud/nocloud.go (Mode: ModeCloud)
type cloudMode struct{}

func (cloudMode) String() string        { return "cloud" }
func (cloudMode) RequiresInstall() bool { return false }
func (cloudMode) InContainer() bool     { return false }

// validateAll validates every node's config; a node whose config does not decode gets that error.
func validateAll(configs map[string]string) map[string]Result {
	results := make(map[string]Result, len(configs))

	for node, text := range configs {
		results[node] = validateOne(text)
	}

	return results
}

func validateOne(text string) Result {
	result := Result{Errors: []string{}, Warnings: []string{}}

	cfg, err := configloader.NewFromBytes([]byte(text))
	if err != nil {
		result.Errors = append(result.Errors, problems(err)...)

		return result
	}

	warnings, err := cfg.Validate(cloudMode{}, validation.WithLocal())
	result.Warnings = append(result.Warnings, warnings...)

	if err != nil {
		result.Errors = append(result.Errors, problems(err)...)
	}

	return result
}

// problems flattens the machinery's nested multierrors into one line per problem, keeping the
// document each came from ("v1alpha1.Config: …") in front.
func problems(err error) []string {
	return flatten(err, "")
}

func flatten(err error, prefix string) []string {
	var multi *multierror.Error
	if errors.As(err, &multi) {
		// Whatever wraps the multierror ("v1alpha1.Config: ") prefixes each of its errors.
		wrapper := strings.TrimSuffix(err.Error(), multi.Error())

		lines := []string{}
		for _, e := range multi.Errors {
			lines = append(lines, flatten(e, prefix+wrapper)...)
		}

		return lines
	}

	return []string{prefix + strings.TrimSpace(err.Error())}
}

func anyErrors(results map[string]Result) bool {
	for _, r := range results {
		if len(r.Errors) > 0 {
			return true
		}
	}

	return false
}
