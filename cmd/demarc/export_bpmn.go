package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/encoding/bpmn"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/view"
)

func newExportBPMNCmd(st *streams) *cobra.Command {
	var (
		force            bool
		out, process, tn string
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "bpmn [DIR]",
		Short: "Export each process as BPMN 2.0 XML with lanes and a diagram",
		Long: `Export bpmn writes one BPMN 2.0 file per process and landing zone where it
runs (PROCESS.ZONE.bpmn), or with --tenant one file per process for that
tenant (PROCESS.TENANT.bpmn): a pool for the process, one lane per party
doing steps, a task per step with its RACI in the documentation, parallel
gateways where steps fork and join, and the diagram interchange (DI) so the
process opens laid out in Camunda Modeler, bpmn.io or Signavio.`,
		Example: `  demarc export bpmn examples/enterprise -o bpmn
  demarc export bpmn examples/enterprise --process decommission-tenant --tenant 563956996473 -o bpmn`,
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
			m := p.model
			if process != "" && m.ProcessByID[process] == nil {
				_, err := view.ProcessRunbook(resolve.New(m), process, "", "")
				return withHint(err, "demarc export bpmn --process PROCESS, with a process id of the model")
			}
			if tn != "" && m.TenantByID(tn) == nil {
				return withHint(fmt.Errorf("unknown tenant %q", tn), "the site's landing zone pages and `demarc who --help` list tenants")
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("export bpmn to %s: %w", out, err)}
			}
			r := resolve.New(m)
			files := 0
			for _, pr := range m.Processes {
				if process != "" && pr.ID != process {
					continue
				}
				contexts := view.ProcessZones(m, pr)
				if tn != "" {
					contexts = []string{tn}
				}
				for _, ctx := range contexts {
					zone, tenant := ctx, ""
					if tn != "" {
						zone, tenant = "", tn
					}
					rb, err := view.ProcessRunbook(r, pr.ID, zone, tenant)
					if err != nil {
						return withHint(err, "the tenant's landing zone must be one where the process runs")
					}
					name := filepath.Join(out, fileStem(pr.ID)+"."+fileStem(ctx)+".bpmn")
					if err := os.WriteFile(name, bpmn.Encode(rb), 0o644); err != nil {
						return &exitError{code: exitFailure, err: fmt.Errorf("export bpmn: %w", err)}
					}
					files++
				}
			}
			if files == 0 {
				fmt.Fprintf(st.out, "The model defines no processes; nothing written to %s.\n", out)
				return nil
			}
			fmt.Fprintf(st.out, "Wrote %d BPMN files to %s; open them in Camunda Modeler or https://demo.bpmn.io\n", files, out)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "bpmn", "output folder")
	c.Flags().StringVar(&process, "process", "", "export only this process")
	c.Flags().StringVarP(&tn, "tenant", "t", "", "export the processes for this tenant (its landing zone, its owner in the tenant owner's lane)")
	c.Flags().BoolVar(&force, "force", false, "export even when the model has errors")
	mdir.register(c)
	return c
}

// fileStem keeps an id to the characters safe in a file name on every
// system.
func fileStem(id string) string {
	b := []byte(id)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			b[i] = '-'
		}
	}
	if len(b) == 0 {
		return "x"
	}
	return string(b)
}
