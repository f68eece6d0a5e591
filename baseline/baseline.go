package baseline

import (
	"embed"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// coreName is the baseline every model loads; it is not listed by Names.
const coreName = "core"

// names lists the optional baselines, sorted, computed once.
var names = func() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic("baseline: " + err.Error()) // embedded files are always readable
	}
	var out []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if ok && name != coreName {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}()

// Names returns the names of the baselines a model can use (aws, azure,
// gcp), sorted. The core baseline is always loaded and is not listed.
func Names() []string {
	return append([]string(nil), names...)
}

// Core returns the name and content of the core baseline, which every model
// loads: the layers and the service models.
func Core() (name string, data []byte) {
	data, err := files.ReadFile(coreName + ".yaml")
	if err != nil {
		panic("baseline: " + err.Error())
	}
	return coreName, data
}

// Get returns the content of the named baseline, or false when there is no
// such baseline. The core baseline is not available by name.
func Get(name string) ([]byte, bool) {
	if name == coreName || name == "" || strings.ContainsAny(name, "/\\.") {
		return nil, false
	}
	data, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, false
	}
	return data, true
}
