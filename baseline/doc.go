// Package baseline holds demarc's built-in model content, embedded in the
// binary: the core baseline (the layers of the stack and the service models
// with the providers' published borders) and one baseline per cloud
// provider (its provider party, the provider and common services with their
// service model and any per-layer border overrides).
//
// Baselines are plain model files in exactly the format users write. The
// core baseline is always loaded; a model pulls in provider baselines by
// name with `uses: [aws, azure, gcp]`. A model may override any baseline
// element by defining one with the same id.
package baseline
