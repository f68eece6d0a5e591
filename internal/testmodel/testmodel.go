// Package testmodel loads small inline models for tests. It depends only
// on the load stage, so tests of any later stage can use it.
package testmodel

import (
	"testing"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
)

// Model loads an inline model written as one YAML file (with the
// baselines it uses) and fails the test when it has errors.
func Model(t testing.TB, src string) *model.Model {
	t.Helper()
	var ds diag.Diagnostics
	files := load.ParseYAML("model.yaml", []byte(src), load.DefaultLimits, &ds)
	m, lds := load.Build(&load.Result{Files: files, Sources: map[string][]byte{"model.yaml": []byte(src)}})
	ds = append(ds, lds...)
	if ds.HasErrors() {
		t.Fatalf("model does not load: %v", ds)
	}
	return m
}

// Small is a small inline model — four parties, three activities, two
// landing zones of AWS services, one tenant, no rules — that tests extend
// with the rules they need.
const Small = `
uses: [aws]
parties:
  - {id: cft, kind: foundation, name: Cloud Foundation}
  - {id: sec, kind: shared, name: Security}
  - {id: ops, kind: shared, name: Central IT Ops}
  - {id: app, kind: application, name: App Team}
activities:
  - {id: patch-os, name: Patch the guest OS, layer: operating-system}
  - {id: decommission, name: Decommission a tenant}
  - {id: review-access, name: Review access, layer: accounts-and-identities, area: identity}
landing_zones:
  - {id: lift, name: Lift and shift, services: [aws-ec2, aws-rds]}
  - {id: native, name: Cloud native, services: [aws-ec2, aws-lambda, aws-rds]}
tenants:
  - {id: "123456789012", provider: aws, landing_zone: native, owner: app}
`
