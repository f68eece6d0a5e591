package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/demarc-dev/demarc/diag"
)

// queryParams holds, per operation ("GET /api/v1/who"), the query
// parameters the OpenAPI document declares, sorted: the document is the
// single list, so code and documentation cannot disagree.
var queryParams = func() map[string][]string {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		panic("server: openapi.json: " + err.Error())
	}
	out := map[string][]string{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			names := []string{}
			for _, p := range op.Parameters {
				if p.In == "query" {
					names = append(names, p.Name)
				}
			}
			slices.Sort(names)
			out[strings.ToUpper(method)+" "+path] = names
		}
	}
	return out
}()

// knownParams answers 400 when r has a query parameter its operation does
// not declare, naming the valid ones. Operations the document does not
// describe are not checked.
func knownParams(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.RawQuery == "" {
		return true
	}
	valid, ok := queryParams[r.Pattern]
	if !ok {
		valid, ok = queryParams[r.Method+" "+r.URL.Path]
	}
	if !ok {
		return true
	}
	names := make([]string, 0, 4)
	for name := range r.URL.Query() {
		if !slices.Contains(valid, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return true
	}
	slices.Sort(names)
	p := problem{Status: http.StatusBadRequest, Parameter: names[0], Valid: valid}
	op := r.Method + " " + r.URL.Path
	if len(valid) == 0 {
		p.Detail = fmt.Sprintf("%s takes no query parameters; got %s", op, strings.Join(names, ", "))
		p.Hint = "remove the query string"
	} else {
		p.Detail = fmt.Sprintf("unknown query parameter %q of %s", names[0], op)
		if len(names) > 1 {
			p.Detail = fmt.Sprintf("unknown query parameters %s of %s", strings.Join(names, ", "), op)
		}
		p.Suggestion = diag.DidYouMean(names[0], valid)
		p.Hint = "valid parameters: " + strings.Join(valid, ", ")
		if p.Suggestion != "" {
			p.Hint = fmt.Sprintf("did you mean %q? valid parameters: %s", p.Suggestion, strings.Join(valid, ", "))
		}
	}
	writeProblem(w, r, probUnknownParameter, p)
	return false
}

// allowedMethods lists the methods the document declares for path (with
// {param} segments matching any segment), sorted.
func allowedMethods(path string) []string {
	var out []string
	for op := range queryParams {
		method, tmpl, _ := strings.Cut(op, " ")
		if matchPath(tmpl, path) && !slices.Contains(out, method) {
			out = append(out, method)
		}
	}
	slices.Sort(out)
	return out
}

func matchPath(tmpl, path string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i, t := range ts {
		if t != ps[i] && !(strings.HasPrefix(t, "{") && ps[i] != "") {
			return false
		}
	}
	return true
}
