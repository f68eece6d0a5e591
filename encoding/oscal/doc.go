// Package oscal writes a checked, resolved model as OSCAL (NIST's Open
// Security Controls Assessment Language) JSON for auditors and GRC tools:
//
//   - a component definition with one component per cloud or internal
//     platform service, whose control implementations say, per control the
//     model's activities map, who is responsible, accountable, consulted
//     and informed in each landing zone, and what the provider states;
//   - the cloud foundation as a leveraged system security plan (SSP): per
//     control, what the foundation and the providers provide and what they
//     leave to the tenants' owners (export.provided and
//     export.responsibilities);
//   - per landing zone a leveraging SSP that inherits the provided items
//     and satisfies the responsibilities by UUID, naming the application
//     parties.
//
// It reads the values of package view, never the model directly. Output is
// deterministic: UUIDs are version 5 UUIDs derived from model ids, and the
// timestamps come from the model's latest decision, not the clock, so a
// re-export changes only what the model changed.
//
// The types here cover only the parts of OSCAL this package writes. The
// generated types of github.com/defenseunicorns/go-oscal would add a large
// pre-1.0 dependency for a few dozen fields; the NIST JSON schemas, not the
// Go types, are what the tests hold the documents to.
package oscal
