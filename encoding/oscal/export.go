package oscal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/view"
)

// DefaultFramework is the framework the plans answer unless told
// otherwise.
const DefaultFramework = "nist-800-53"

// Options control an export.
type Options struct {
	// Framework is the control framework the system security plans answer
	// (an SSP imports one profile); "" means DefaultFramework. The
	// component definition covers every framework.
	Framework string
	// Version is the documents' version; "" means the date of the model's
	// latest decision.
	Version string
	// SiteURL is the base URL of the published demarc site; when set,
	// parties link to their pages.
	SiteURL string
}

// Document is one OSCAL file of an export. It is built while it is
// written, so an export holds one document in memory at a time (and of
// the component definition, one component).
type Document struct {
	// Name is the file name, e.g. "component-definition.json".
	Name  string
	write func(io.Writer) error
}

// Encode writes the document to w as indented JSON.
func (d Document) Encode(w io.Writer) error { return d.write(w) }

// Result is the documents of one model and what a schema cannot say
// about them.
type Result struct {
	Documents []Document
	Report    Report
}

// Report lists what the plans leave open.
type Report struct {
	// Unsatisfied are the responsibilities no application party holds in
	// a landing zone: gaps and conflicts of the model.
	Unsatisfied []Unsatisfied
	// NotInherited are the provided items no landing zone's plan inherits:
	// per-provider duties of providers no landing zone offers.
	NotInherited []string
}

// Unsatisfied is a responsibility that a leveraging plan cannot satisfy.
type Unsatisfied struct {
	LandingZone, Control, Activity, Reason string
}

// LeveragedFile is the file name of the foundation's plan for framework fw.
func LeveragedFile(fw string) string { return "ssp-foundation-" + fw + ".json" }

// LeveragingFile is the file name of landing zone id's plan.
func LeveragingFile(zone, fw string) string { return "ssp-" + zone + "-" + fw + ".json" }

// ComponentFile is the file name of the component definition.
const ComponentFile = "component-definition.json"

// Build makes the documents of book b.
func Build(b *view.Book, opts Options) (*Result, error) {
	fw := opts.Framework
	if fw == "" {
		fw = DefaultFramework
	}
	e := newExporter(b, opts)
	out := &Result{Documents: []Document{{Name: ComponentFile, write: e.writeComponentDefinition}}}
	items := e.collectItems(fw)
	if len(items) == 0 {
		var acts []string
		for _, ap := range b.Activities {
			acts = append(acts, frameworkIDs([]*model.Activity{ap.Activity})...)
		}
		slices.Sort(acts)
		acts = slices.Compact(acts)
		if len(acts) == 0 {
			return nil, fmt.Errorf("no activity maps controls, so there is nothing to plan: add controls: {%s: [...]} to the activities", fw)
		}
		return nil, fmt.Errorf("no activity with duties maps controls of framework %q; the model maps %s", fw, strings.Join(acts, ", "))
	}
	f := frameworkOf(fw)
	out.Documents = append(out.Documents, Document{Name: LeveragedFile(fw), write: func(w io.Writer) error { return Encode(w, e.leveraged(f, items)) }})
	for _, zp := range b.LandingZones {
		out.Documents = append(out.Documents, Document{Name: LeveragingFile(zp.Zone.ID, fw), write: func(w io.Writer) error { return Encode(w, e.leveraging(f, zp, items)) }})
		owners := tenantOwners(zp)
		for _, it := range items {
			if it.leaves && it.inheritedBy(zp) && len(e.satisfiers(it, owners)) == 0 {
				out.Report.Unsatisfied = append(out.Report.Unsatisfied, Unsatisfied{LandingZone: zp.Zone.ID, Control: it.label, Activity: it.group.Activity.ID, Reason: who(it.group.Assignment)})
			}
		}
	}
	for _, it := range items {
		if !it.provided || slices.ContainsFunc(b.LandingZones, it.inheritedBy) {
			continue
		}
		out.Report.NotInherited = append(out.Report.NotInherited, it.label+": "+it.what())
	}
	return out, nil
}

// Marshal writes a document as indented JSON with a final newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := Encode(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Encode writes a document to w as Marshal does.
func Encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Write writes the documents into dir, creating it, and returns the
// files written with their sizes.
func (x *Result) Write(dir string) ([]File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []File
	for _, d := range x.Documents {
		path := filepath.Join(dir, d.Name)
		n, err := writeFile(path, d)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: path, Size: n})
	}
	return files, nil
}

func writeFile(path string, d Document) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: bufio.NewWriterSize(f, 1<<20)}
	if err := d.Encode(cw); err != nil {
		f.Close()
		return 0, fmt.Errorf("%s: %w", d.Name, err)
	}
	if err := cw.w.(*bufio.Writer).Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return cw.n, f.Close()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// File is a file written.
type File struct {
	Path string
	Size int64
}
