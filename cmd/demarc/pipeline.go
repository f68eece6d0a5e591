package main

import (
	"fmt"
	"os"

	"github.com/demarc-dev/demarc/check"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/load"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
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
	for name, data := range project.Sources {
		m.Sources[name] = data
	}
	return &loaded{dir: dir, project: project, model: m, diags: append(cds, lds...)}
}

// resolver loads the model and compiles it for questions; loading errors
// are returned so commands can warn that answers may be incomplete.
func resolver(dir string) (*resolve.Resolver, *loaded) {
	l := loadModel(dir)
	return resolve.New(l.model), l
}

// published is a model carried through every stage up to the book that
// publications render.
type published struct {
	*loaded
	book *view.Book
	res  *check.Result
}

// publish loads, resolves, checks and arranges the model in dir. It refuses
// a model with errors unless force is set, so broken documentation is not
// published by accident; the diagnostics are printed to stderr.
func publish(st *streams, dir string, force bool) (*published, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, withHint(fmt.Errorf("cannot read model directory %s: %w", dir, unwrap(err)), "demarc init "+dir)
	}
	l := loadModel(dir)
	r := resolve.New(l.model)
	res := check.Model(l.model, r, l.diags, check.Options{Severity: l.project.Severity, Off: l.project.Off})
	if n := res.Diagnostics.Count(diag.Error); n > 0 {
		if !force {
			_ = report.WriteText(st.err, res.Diagnostics, l.model.Sources, report.TextOptions{})
			return nil, &exitError{code: exitFindings, err: fmt.Errorf("the model has %d error(s); fix them (see above, or run `demarc check %s`), or publish anyway with --force", n, dir)}
		}
		fmt.Fprintf(st.err, "warning: publishing a model with %d error(s) (--force); its pages show them.\n", n)
	}
	b := view.Build(l.model, r, res, view.Options{})
	return &published{loaded: l, book: b, res: res}, nil
}
