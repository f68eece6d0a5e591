package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

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
	now, err := generatedAt(l.model)
	if err != nil {
		return nil, err
	}
	today := time.Now()
	if _, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		today = now // a reproducible build judges overdue reviews on that day too
	}
	b := view.Build(l.model, r, res, view.Options{Now: now, Today: today})
	return &published{loaded: l, book: b, res: res}, nil
}

// generatedAt is the time published outputs say they were generated: the
// time $SOURCE_DATE_EPOCH gives (reproducible builds), else the newest
// change to a model file. Never the clock, so a re-run on the same model
// changes no byte.
func generatedAt(m *model.Model) (time.Time, error) {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		sec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || sec < 0 {
			return time.Time{}, withHint(fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v), "unset it, or set it to a Unix time such as $(git log -1 --format=%ct)")
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	var newest time.Time
	for name := range m.Sources {
		if strings.HasPrefix(name, "builtin:") {
			continue
		}
		if fi, err := os.Lstat(name); err == nil && fi.ModTime().After(newest) {
			newest = fi.ModTime()
		}
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	return newest.UTC().Truncate(time.Second), nil
}
