package main

import (
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

// loaded is a model read from disk with its configuration.
type loaded struct {
	dir     string
	project *load.Project
	model   *model.Model
	diags   diag.Diagnostics // configuration and loading problems
}

// loadModel runs the load stage for dir, with the project configuration.
func loadModel(dir string) *loaded {
	project, cds := load.ReadConfig(dir)
	m, lds := load.Dir(dir, load.Options{Limits: project.Limits})
	return &loaded{dir: dir, project: project, model: m, diags: append(cds, lds...)}
}

// resolver loads the model and compiles it for questions; loading errors
// are returned so commands can warn that answers may be incomplete.
func resolver(dir string) (*resolve.Resolver, *loaded) {
	l := loadModel(dir)
	return resolve.New(l.model), l
}
