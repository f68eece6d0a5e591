package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/encoding/backstage"
	"github.com/demarc-dev/demarc/load"
)

func newImportBackstageCmd(st *streams) *cobra.Command {
	var out string
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "backstage FILE|DIR [MODEL]",
		Short: "Import Groups and Users from a Backstage catalog into parties",
		Long: `Import backstage reads the Group and User entities of a Backstage catalog file
(or of every YAML file below a folder) and writes them as parties into one
model file, so the org structure comes from where it is already kept:

  Group   a party: id from metadata.name, name from profile.displayName (or
          title), parent from spec.parent, a contact with profile.email, and
          as members the e-mails of its Users (spec.members, User memberOf)
  User    the members' e-mail addresses

Each import replaces those fields; every other field of a party in the file
(kind, description, stakeholder, relations, ...) is yours and is kept, so a
re-import of the same catalog changes nothing. A Group whose party is
defined in another file of the model is left out: the hand-written party
wins. The kind of a new party is the demarc.dev/party-kind annotation, else
spec.type when it is a party kind, else application.`,
		Example: `  demarc export backstage examples/enterprise -o catalog-info.yaml
  demarc import backstage catalog-info.yaml examples/enterprise -o imported-parties.yaml`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 1)
			if err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join(dir, "parties", "backstage.yaml")
			}
			entities, err := backstage.ReadCatalog(args[0])
			if err != nil {
				var pe *fs.PathError
				if errors.As(err, &pe) {
					err = fmt.Errorf("%s: %w", pe.Path, pe.Err)
				}
				return withHint(fmt.Errorf("import backstage: %w", err), "give a catalog-info.yaml file or a folder of them")
			}
			previous, err := backstage.ReadImported(out)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			parties, err := backstage.Import(entities, previous)
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			// Parties written by hand in other files of the model win.
			absOut, _ := filepath.Abs(out)
			m, _ := load.Dir(dir, load.Options{})
			kept := parties[:0]
			for _, p := range parties {
				if mp := m.PartyByID[p.ID]; mp != nil && mp.Builtin == "" {
					if abs, _ := filepath.Abs(mp.Pos.Filename); abs != absOut {
						fmt.Fprintf(st.err, "note: kept party %s as %s defines it\n", p.ID, m.RelName(mp.Pos.Filename))
						continue
					}
				}
				kept = append(kept, p)
			}
			var buf bytes.Buffer
			if err := backstage.WriteImported(&buf, kept); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, buf.Bytes()) {
				fmt.Fprintf(st.out, "%s is up to date (%d parties)\n", out, len(kept))
				return nil
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			fmt.Fprintf(st.out, "Wrote %d parties to %s; check the model with: demarc check %s\n", len(kept), out, dir)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "model file to write the parties to (default: MODEL/parties/backstage.yaml)")
	mdir.register(c)
	return c
}
