package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/encoding/backstage"
)

func newExportBackstageCmd(st *streams) *cobra.Command {
	var (
		force  bool
		folder bool
		out    string
		opts   backstage.Options
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "backstage [DIR]",
		Short: "Export Backstage catalog entities (catalog-info.yaml)",
		Long: `Export backstage writes the model as entities of a Backstage software catalog,
one YAML file with a document per entity:

  Group     per internal party (not providers, external suppliers or the tenant
            owner): spec.type is the party's kind, with parent, children,
            members and the team's e-mail
  User      per member given as an e-mail address
  System    per landing zone, owned by the party that runs it
  Resource  per service a landing zone offers (type cloud-service, owned by the
            zone's owner) and per tenant (type cloud-tenant, owned by its owner)

Backstage has one owner per entity; responsible, consulted and informed travel
as demarc.dev/ annotations (the parties per role, and the duties as JSON in
demarc.dev/raci), with links to the demarc site (--site-url) and, for tenants,
to the demarc API (--api-url). Register the file in app-config.yaml under
catalog.locations. With --folder, -o names a folder that gets a file per
kind and a catalog-info.yaml Location pointing at them.`,
		Example: `  demarc export backstage examples/enterprise -o catalog-info.yaml
  demarc export backstage examples/enterprise --site-url https://demarc.example.com -o catalog-info.yaml
  demarc export backstage examples/enterprise --folder -o catalog`,
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
			if folder {
				counts, err := backstage.WriteFolder(out, p.book, opts)
				if err != nil {
					return &exitError{code: exitFailure, err: fmt.Errorf("export backstage to %s: %w", out, err)}
				}
				fmt.Fprintf(st.out, "Wrote %s entities to %s; register %s\n", counts, out, filepath.Join(out, "catalog-info.yaml"))
				return nil
			}
			f, err := os.Create(out)
			if err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("export backstage: %w", err)}
			}
			w := bufio.NewWriterSize(f, 1<<20)
			counts, err := backstage.Write(w, p.book, opts)
			if err != nil {
				f.Close()
				os.Remove(out)
				return &exitError{code: exitFailure, err: fmt.Errorf("export backstage to %s: %w", out, err)}
			}
			if err := w.Flush(); err != nil {
				f.Close()
				return &exitError{code: exitFailure, err: fmt.Errorf("export backstage to %s: %w", out, err)}
			}
			if err := f.Close(); err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("export backstage to %s: %w", out, err)}
			}
			info, _ := os.Stat(out)
			var size int64
			if info != nil {
				size = info.Size()
			}
			fmt.Fprintf(st.out, "Wrote %s entities to %s (%s)\n", counts, out, byteSize(size))
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "catalog-info.yaml", "output file")
	c.Flags().StringVar(&opts.SiteURL, "site-url", "", "base URL of the published demarc site; entities link to their pages")
	c.Flags().StringVar(&opts.APIURL, "api-url", "", "base URL of `demarc serve`; tenants link to their resolved duties")
	c.Flags().BoolVar(&folder, "folder", false, "write a folder: a file per kind and a catalog-info.yaml Location")
	c.Flags().BoolVar(&force, "force", false, "export even when the model has errors")
	mdir.register(c)
	return c
}
