package oscal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/encoding/oscal"
	"github.com/demarc-dev/demarc/internal/testbook"
)

// shapes lists the key paths of a JSON document, array positions left out,
// and the names of the properties under each path.
func shapes(v any, path string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if n, ok := v["name"].(string); ok && strings.HasSuffix(path, "/props") {
			out[path+"["+n+"]"] = true
		}
		for k, c := range v {
			out[path+"/"+k] = true
			shapes(c, path+"/"+k, out)
		}
	case []any:
		for _, c := range v {
			shapes(c, path, out)
		}
	}
}

func hasSuffix(paths map[string]bool, suffix string) bool {
	for p := range paths {
		if strings.HasSuffix(p, suffix) {
			return true
		}
	}
	return false
}

// The plans carry the leverage the way NIST's example pair does: the
// leveraged plan exports provided items and responsibilities with the
// parties holding them; the leveraging plan names the leveraged
// authorization, points a component at the leveraged one, and inherits
// and satisfies by UUID. (NIST's example answers per statement of a
// control; demarc per control, as the model maps whole controls.)
func TestPlansHaveTheShapeOfNISTsExamplePair(t *testing.T) {
	_, files := export(t, testbook.Load(t, example), oscal.Options{})
	pairs := []struct {
		nist, ours string
		suffixes   []string
	}{
		{"oscal_leveraged-example_ssp.json", oscal.LeveragedFile("nist-800-53"), []string{
			"/by-components/component-uuid",
			"/by-components/export/provided/uuid",
			"/by-components/export/provided/description",
			"/by-components/export/provided/responsible-roles/party-uuids",
			"/by-components/export/responsibilities/uuid",
			"/by-components/export/responsibilities/provided-uuid",
			"/by-components/export/responsibilities/responsible-roles/role-id",
			"/system-implementation/components/type",
			"/metadata/parties/uuid",
			"/metadata/roles/id",
		}},
		{"oscal_leveraging-example_ssp.json", oscal.LeveragingFile("cloud-native", "nist-800-53"), []string{
			"/system-implementation/leveraged-authorizations/party-uuid",
			"/system-implementation/leveraged-authorizations/links/href",
			"/system-implementation/leveraged-authorizations/date-authorized",
			"/system-implementation/components/props[leveraged-authorization-uuid]",
			"/system-implementation/components/props[inherited-uuid]",
			"/system-implementation/components/props[implementation-point]",
			"/by-components/inherited/provided-uuid",
			"/by-components/satisfied/responsibility-uuid",
			"/by-components/satisfied/responsible-roles/party-uuids",
			"/back-matter/resources/rlinks/href",
		}},
	}
	for _, p := range pairs {
		data, err := os.ReadFile(filepath.Join(nistDir, p.nist))
		if err != nil {
			t.Fatal(err)
		}
		theirs, ours := map[string]bool{}, map[string]bool{}
		shapes(decode(t, p.nist, data), "", theirs)
		shapes(decode(t, p.ours, files[p.ours]), "", ours)
		for _, s := range p.suffixes {
			if !hasSuffix(theirs, s) {
				t.Errorf("NIST's %s has no %s: the test's expectation is wrong", p.nist, s)
			}
			if !hasSuffix(ours, s) {
				t.Errorf("%s has no %s, which NIST's %s has", p.ours, s, p.nist)
			}
		}
		// Nothing at the top of the plan that NIST's example lacks.
		for path := range ours {
			if strings.Count(path, "/") <= 2 && !theirs[path] {
				t.Errorf("%s has %s, which NIST's %s does not", p.ours, path, p.nist)
			}
		}
	}
}
