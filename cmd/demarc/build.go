package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/site"
)

func newBuildCmd(st *streams) *cobra.Command {
	var (
		out   string
		force bool
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build the static documentation site of a model",
		Long: `Build writes a static documentation site for the model in DIR (default: the
current directory) to the output folder: an overview with the model's health, a
page per party ("what this team is responsible for"), per service, per landing
zone (with its responsibility chart), per activity, a decisions log, a
stakeholder map, an org chart and a glossary, with client-side search.

The site works offline from file:// and from any static host; it makes no
request to any other host. A model with errors is refused unless --force.`,
		Example: `  demarc build examples/enterprise -o public
  xdg-open public/index.html`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 0)
			if err != nil {
				return err
			}
			start := time.Now()
			p, err := publish(st, dir, force)
			if err != nil {
				return err
			}
			stats, err := site.Build(p.book, out, site.Options{})
			if err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("building the site in %s: %w", out, err)}
			}
			fmt.Fprintf(st.out, "Built %d pages (%s) in %s: open %s\n", stats.Pages, formatSize(stats.Bytes),
				time.Since(start).Round(time.Millisecond), filepath.Join(out, "index.html"))
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "public", "output folder")
	c.Flags().BoolVar(&force, "force", false, "build even when the model has errors")
	mdir.register(c)
	return c
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
