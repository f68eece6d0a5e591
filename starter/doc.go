// Package starter writes the starting model that `demarc init` creates: an
// organisation file, typical parties of an enterprise cloud organisation,
// cloud-foundation activities mapped to security frameworks, landing zones
// for lift & shift, cloud-native and container-platform workloads, a layered
// set of responsibility decisions and a few example tenants.
//
// The files come from text/template templates embedded in the binary, so
// the generated model offers only the services of the providers chosen.
// Every generated model checks clean: no gaps, no conflicts, no warnings,
// for any subset of the built-in provider baselines.
package starter
