package chart_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/demarc-dev/demarc/internal/testbook"

	"github.com/demarc-dev/demarc/chart"
	"github.com/demarc-dev/demarc/view"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	exampleOnce sync.Once
	exampleBook *view.Book
)

// example builds the book of examples/enterprise once.
func example(t testing.TB) *view.Book {
	t.Helper()
	exampleOnce.Do(func() {
		exampleBook = testbook.Load(t, "../examples/enterprise")
	})
	if exampleBook == nil {
		t.Fatal("example book not built")
	}
	return exampleBook
}

// exampleCharts renders every chart of the example, by golden file name.
func exampleCharts(t testing.TB) map[string][]byte {
	b := example(t)
	out := map[string][]byte{
		"stakeholders.svg": chart.Stakeholders(b),
		"relations.svg":    chart.Relations(b),
		"orgchart.svg":     chart.OrgChart(b),
	}
	for _, zp := range b.LandingZones {
		out["responsibility-"+zp.Zone.ID+".svg"] = chart.Responsibility(zp.Chart)
	}
	return out
}

func TestGolden(t *testing.T) {
	charts := exampleCharts(t)
	if len(charts) < 4 {
		t.Fatalf("only %d charts rendered", len(charts))
	}
	for name, got := range charts {
		t.Run(name, func(t *testing.T) {
			checkSVG(t, got)
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./chart -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test ./chart -update and review the diff", name)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a := exampleCharts(t)
	b := exampleCharts(t)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: two renderings differ", name)
		}
	}
}

// checkSVG asserts that doc is one well-formed, self-contained SVG document
// with no active content and no external references.
func checkSVG(t *testing.T, doc []byte) {
	t.Helper()
	if err := validateSVG(doc); err != nil {
		t.Fatal(err)
	}
}

func validateSVG(doc []byte) error {
	lower := bytes.ToLower(doc)
	// Escaped model text never contains "<", so these are markup.
	for _, bad := range []string{"<script", "<image", "<img", "<iframe", "<foreignobject", "<style", "<!doctype", "<!entity", "<![cdata["} {
		if bytes.Contains(lower, []byte(bad)) {
			return errors.New("output contains " + bad)
		}
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	depth, roots := 0, 0
	var hasTitle, hasDesc bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" {
					return errors.New("root is not an svg element in the SVG namespace")
				}
				need := map[string]bool{"viewBox": false, "role": false}
				for _, a := range tok.Attr {
					if _, ok := need[a.Name.Local]; ok {
						need[a.Name.Local] = true
					}
					if a.Name.Local == "role" && a.Value != "img" {
						return errors.New(`root role is not "img"`)
					}
				}
				for k, ok := range need {
					if !ok {
						return errors.New("root lacks " + k)
					}
				}
			}
			if depth == 1 && tok.Name.Local == "title" {
				hasTitle = true
			}
			if depth == 1 && tok.Name.Local == "desc" {
				hasDesc = true
			}
			switch strings.ToLower(tok.Name.Local) {
			case "script", "image", "foreignobject", "style", "a", "use", "iframe", "img":
				return errors.New("forbidden element <" + tok.Name.Local + ">")
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") {
					return errors.New("event handler attribute " + a.Name.Local)
				}
				if name == "href" || name == "src" || a.Name.Space != "" && a.Name.Space != "http://www.w3.org/2000/svg" && name != "lang" {
					return errors.New("reference attribute " + a.Name.Local + `="` + a.Value + `"`)
				}
				if v := strings.ToLower(a.Value); strings.Contains(v, "url(") && !strings.HasPrefix(v, "url(#") {
					return errors.New("external url in " + a.Name.Local)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.Directive:
			return errors.New("directive in output")
		case xml.ProcInst:
			return errors.New("processing instruction in output")
		}
	}
	if roots != 1 {
		return errors.New("document has not exactly one root element")
	}
	if !hasTitle || !hasDesc {
		return errors.New("document lacks a <title> or <desc> for accessibility")
	}
	return nil
}
