package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/encoding/oscal"
)

func newExportOSCALCmd(st *streams) *cobra.Command {
	var (
		force bool
		out   string
		opts  oscal.Options
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "oscal [DIR]",
		Short: "Export OSCAL JSON: a component definition and system security plans",
		Long: `Export oscal writes OSCAL ` + oscal.Version + ` JSON for auditors and GRC tools into a folder:

  component-definition.json      one component per service a landing zone offers: per control
                                 the activities map, who is responsible, accountable, consulted
                                 and informed in each landing zone, and the provider's statement
  ssp-foundation-FW.json         the cloud foundation as a leveraged system security plan: per
                                 control, export.provided (what the foundation and the providers
                                 do) and export.responsibilities (what is left to tenants' owners)
  ssp-ZONE-FW.json               per landing zone a leveraging plan that inherits the provided
                                 items and satisfies the responsibilities by UUID, naming the
                                 application teams that own the zone's tenants

A system security plan answers one control framework (FW, --framework; the
component definition covers all of them). UUIDs are derived from the model's
ids and the timestamps from its latest decision, so a re-export changes only
what the model changed. The plans are skeletons: demarc does not categorise
systems, so the impact levels say not-categorised.`,
		Example: `  demarc export oscal examples/enterprise -o oscal
  demarc export oscal examples/enterprise --framework mcsb -o oscal-mcsb`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 0)
			if err != nil {
				return err
			}
			p, err := publish(st, dir, force)
			if err != nil {
				return err
			}
			x, err := oscal.Build(p.book, opts)
			if err != nil {
				return withHint(err, "demarc export oscal --framework FW, with a framework the activities' controls name")
			}
			files, err := x.Write(out)
			if err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("export oscal to %s: %w", out, err)}
			}
			for _, u := range x.Report.Unsatisfied {
				fmt.Fprintf(st.err, "warning: %s, %s (%s): no application party can satisfy it: %s\n", u.LandingZone, u.Control, u.Activity, u.Reason)
			}
			for _, n := range x.Report.NotInherited {
				fmt.Fprintf(st.err, "note: no landing zone inherits %s\n", n)
			}
			var sizes []string
			var total int64
			for _, f := range files {
				sizes = append(sizes, fmt.Sprintf("  %s  %s", filepath.Base(f.Path), byteSize(f.Size)))
				total += f.Size
			}
			fmt.Fprintf(st.out, "Wrote %d OSCAL documents (%s) to %s:\n%s\n", len(files), byteSize(total), out, strings.Join(sizes, "\n"))
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "oscal", "output folder")
	c.Flags().StringVar(&opts.Framework, "framework", oscal.DefaultFramework, "control framework the system security plans answer, as the activities' controls name it")
	c.Flags().StringVar(&opts.Version, "doc-version", "", "version of the documents (default: the date of the model's latest decision)")
	c.Flags().StringVar(&opts.SiteURL, "site-url", "", "base URL of the published demarc site; parties link to their pages")
	c.Flags().BoolVar(&force, "force", false, "export even when the model has errors")
	mdir.register(c)
	return c
}

// byteSize formats a size for people: 2.7 MB, 158 kB, 312 B.
func byteSize(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%d kB", n/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
