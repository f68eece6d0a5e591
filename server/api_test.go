package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestOpenAPIResponses validates the real response of every GET endpoint of
// the document against the schema the document gives for it.
func TestOpenAPIResponses(t *testing.T) {
	f := newFixture(t)
	rule, party, person := memberRule(t, f)
	f.people.add("member", person)
	if r := f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"`+rule+`","party":"`+party+`"}`); r.code != 201 {
		t.Fatalf("acknowledge: %d %s", r.code, r.body)
	}
	f.people.add("outsider", Person{Subject: "x", Email: "outsider@example.org"})
	f.do(t, "POST", "/api/v1/acknowledgements", "outsider", "application/json", `{"rule":"`+rule+`","party":"`+party+`"}`)

	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", doc["openapi"])
	}
	served := f.get(t, "/api/v1/openapi.json")
	if served.code != 200 || !bytes.Equal(served.body, openapiDoc) {
		t.Fatalf("openapi.json not served: %d", served.code)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	// Compile every schema, so a broken one fails even if unused.
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if _, err := c.Compile("openapi.json#/components/schemas/" + name); err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
	}
	// The schemas are strict enough to reject a wrong body.
	answerSchema, err := c.Compile("openapi.json#/components/schemas/Answer")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`{}`, `{"activity":"a","service":"s","provider":"p","landing_zone":"z","side":"customer","outcome":"rule","responsible":[],"accountable":[],"consulted":[],"informed":[],"extra":1}`} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if answerSchema.Validate(v) == nil {
			t.Errorf("the Answer schema accepts %s", bad)
		}
	}
	ex := map[string]string{ // query or path values for each endpoint
		"/api/v1/who":              "?activity=decommission-tenant&landing_zone=cloud-native",
		"/api/v1/matrix":           "?landing_zone=sandbox&limit=50",
		"/api/v1/parties/{id}":     "",
		"/api/v1/tenants/{id}":     "",
		"/api/v1/processes/{id}":   "?tenant=563956996473",
		"/api/v1/acknowledgements": "?party=" + party,
	}
	paths := doc["paths"].(map[string]any)
	checked := 0
	for p, item := range paths {
		get, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok {
			continue
		}
		path := p
		switch p {
		case "/api/v1/parties/{id}":
			path = "/api/v1/parties/" + party
		case "/api/v1/tenants/{id}":
			path = "/api/v1/tenants/" + f.srv.current.Load().model.Tenants[0].ID
		case "/api/v1/processes/{id}":
			path = "/api/v1/processes/decommission-tenant"
		}
		path += ex[p]
		res := f.do(t, "GET", path, "member", "", "")
		if res.code != 200 {
			t.Errorf("GET %s: %d %s", path, res.code, res.body)
			continue
		}
		content := get["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
		js, ok := content["application/json"].(map[string]any)
		if !ok {
			for ct := range content {
				if !strings.HasPrefix(res.header.Get("Content-Type"), ct) {
					t.Errorf("GET %s: content type %q, want %s", path, res.header.Get("Content-Type"), ct)
				}
			}
			continue
		}
		if ct := res.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("GET %s: content type %q", path, ct)
		}
		ref := js["schema"].(map[string]any)["$ref"].(string)
		sch, err := c.Compile("openapi.json" + ref)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.body))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("GET %s does not match %s: %v", path, ref, err)
		}
		if bytes.Equal(bytes.TrimSpace(res.body), []byte("[]")) {
			t.Errorf("GET %s: empty list; the test shows nothing", path)
		}
		checked++
	}
	if checked < 15 {
		t.Errorf("checked %d endpoints", checked)
	}
}

// TestOpenAPIErrors validates real error responses of every operation
// against the Problem schema the document gives for their status, and
// requires the document to declare each status an operation answers.
func TestOpenAPIErrors(t *testing.T) {
	f := newFixture(t)
	rule, party, person := memberRule(t, f)
	f.people.add("member", person)
	f.people.add("outsider", Person{Subject: "x", Email: "outsider@example.org"})
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	tenant := f.srv.current.Load().model.Tenants[0].ID
	ack := `{"rule":"` + rule + `","party":"` + party + `"}`
	cases := []struct {
		op, method, path, who, ctype, body string
		code                               int
	}{
		{"/api/v1/status", "GET", "/api/v1/status?x=1", "", "", "", 400},
		{"/api/v1/diagnostics", "GET", "/api/v1/diagnostics?x=1", "", "", "", 400},
		{"/api/v1/who", "GET", "/api/v1/who", "", "", "", 400},
		{"/api/v1/who", "GET", "/api/v1/who?activity=nope", "", "", "", 404},
		{"/api/v1/who", "GET", "/api/v1/who?activity=decommission-tenant&tenant=" + tenant + "&landing_zone=sandbox", "", "", "", 400},
		{"/api/v1/who", "GET", "/api/v1/who?activity=decommission-tenant&x=1", "", "", "", 400},
		{"/api/v1/matrix", "GET", "/api/v1/matrix?limit=x", "", "", "", 400},
		{"/api/v1/matrix", "GET", "/api/v1/matrix?tenant=zzz", "", "", "", 404},
		{"/api/v1/parties", "GET", "/api/v1/parties?owner=x", "", "", "", 400},
		{"/api/v1/parties/{id}", "GET", "/api/v1/parties/nobody", "", "", "", 404},
		{"/api/v1/tenants", "GET", "/api/v1/tenants?owner=nobody", "", "", "", 404},
		{"/api/v1/tenants", "GET", "/api/v1/tenants?cursor=-1", "", "", "", 400},
		{"/api/v1/tenants/{id}", "GET", "/api/v1/tenants/zzz", "", "", "", 404},
		{"/api/v1/acknowledgements", "GET", "/api/v1/acknowledgements?rule=nope", "", "", "", 404},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "", "application/json", ack, 401},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "member", "text/plain", ack, 415},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":`, 400},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"nope","party":"` + party + `"}`, 400},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"` + strings.Repeat("x", 20<<10) + `"}`, 413},
		{"/api/v1/acknowledgements", "POST", "/api/v1/acknowledgements", "outsider", "application/json", ack, 403},
		{"/api/v1/coverage", "GET", "/api/v1/coverage?party=x", "", "", "", 400},
		{"/api/v1/export/audit.csv", "GET", "/api/v1/export/audit.csv", "", "", "", 401},
		{"/api/v1/export/audit.json", "GET", "/api/v1/export/audit.json?since=1", "member", "", "", 400},
	}
	paths := doc["paths"].(map[string]any)
	for _, tc := range cases {
		res := f.do(t, tc.method, tc.path, tc.who, tc.ctype, tc.body)
		name := tc.method + " " + tc.path
		if len(name) > 80 {
			name = name[:80]
		}
		if res.code != tc.code {
			t.Errorf("%s: %d, want %d: %s", name, res.code, tc.code, short(res.body))
			continue
		}
		if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: content type %q", name, ct)
		}
		op, _ := paths[tc.op].(map[string]any)[strings.ToLower(tc.method)].(map[string]any)
		resp, ok := op["responses"].(map[string]any)[strconv.Itoa(tc.code)].(map[string]any)
		if !ok {
			t.Errorf("%s: the document does not declare %d for %s %s", name, tc.code, tc.method, tc.op)
			continue
		}
		ref := resp["content"].(map[string]any)["application/problem+json"].(map[string]any)["schema"].(map[string]any)["$ref"].(string)
		sch, err := c.Compile("openapi.json" + ref)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s does not match %s: %v", name, ref, err)
		}
		var p problem
		_ = json.Unmarshal(res.body, &p)
		if p.Status != tc.code || p.Instance != strings.SplitN(tc.path, "?", 2)[0] || p.Detail == "" {
			t.Errorf("%s: %+v", name, p)
		}
	}
	// Every error response the document declares is a Problem.
	for p, item := range paths {
		for m, op := range item.(map[string]any) {
			for code, resp := range op.(map[string]any)["responses"].(map[string]any) {
				if code[0] != '4' && code[0] != '5' || p == "/readyz" {
					continue
				}
				content, _ := resp.(map[string]any)["content"].(map[string]any)
				if _, ok := content["application/problem+json"]; !ok || len(content) != 1 {
					t.Errorf("%s %s %s: not only application/problem+json", m, p, code)
				}
			}
		}
	}
}

// TestCSRFRefusalIsAProblem: the CSRF protection's JSON refusal matches
// the document's Problem schema like the API's own errors.
func TestCSRFRefusalIsAProblem(t *testing.T) {
	f, _ := newMyFixture(t)
	res := f.do(t, "POST", "/my/acknowledge", "", "application/json", `{}`)
	if res.code != 403 || res.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %s: %s", res.code, res.header.Get("Content-Type"), short(res.body))
	}
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("openapi.json#/components/schemas/Problem")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("the CSRF refusal does not match Problem: %v\n%s", err, res.body)
	}
}

// memberRule finds a rule and a party with members that is responsible or
// accountable in it, and a person who is a member.
func memberRule(t *testing.T, f *fixture) (rule, party string, p Person) {
	t.Helper()
	m := f.srv.current.Load().model
	for _, r := range m.Rules {
		for _, ref := range append(append(model.Refs{}, r.Accountable...), r.Responsible...) {
			pt := m.PartyByID[ref.ID]
			if pt == nil || len(pt.Members) == 0 || r.EffectiveStatus() == model.StatusRetired {
				continue
			}
			mem := pt.Members[0]
			if g, ok := strings.CutPrefix(mem, "group:"); ok {
				return r.ID, pt.ID, Person{Subject: "s-" + g, Email: "someone@example.org", Groups: []string{g}}
			}
			return r.ID, pt.ID, Person{Subject: "s-1", Email: strings.ToUpper(mem)}
		}
	}
	t.Fatal("no rule names a party with members")
	return
}

func TestWho(t *testing.T) {
	f := newFixture(t)
	ans := decode[[]answer](t, f.get(t, "/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native"), 200)
	if len(ans) == 0 {
		t.Fatal("no answers")
	}
	for _, a := range ans {
		if a.Activity != "decommission-tenant" || a.LandingZone != "cloud-native" || len(a.Accountable) != 1 {
			t.Errorf("answer %+v", a)
		}
	}
	tenant := f.srv.current.Load().model.Tenants[0]
	ans = decode[[]answer](t, f.get(t, "/api/v1/who?activity=decommission-tenant&tenant="+tenant.ID), 200)
	if len(ans) == 0 || ans[0].Tenant != tenant.ID {
		t.Fatalf("tenant answers %+v", ans)
	}
}

func TestUnknownIDs(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{
		"/api/v1/who?activity=decommision-tenant",
		"/api/v1/who?activity=decommission-tenant&service=nope",
		"/api/v1/who?activity=decommission-tenant&landing_zone=cloud-nativ",
		"/api/v1/who?activity=decommission-tenant&tenant=000",
		"/api/v1/matrix?party=nobody",
		"/api/v1/parties/cloud-foundaton",
		"/api/v1/tenants/zzz",
		"/api/v1/tenants?provider=nope",
		"/api/v1/acknowledgements?party=nobody",
		"/api/v1/acknowledgements?rule=nope",
		"/api/v1/processes/decomission-tenant?tenant=563956996473",
		"/api/v1/processes/decommission-tenant?tenant=56395699647",
	} {
		e := decode[problem](t, f.get(t, path), 404)
		if e.Status != 404 || !strings.HasSuffix(e.Type, "#unknown-id") || !strings.HasPrefix(e.Detail, "unknown ") || e.Instance == "" {
			t.Errorf("%s: %+v", path, e)
		}
		if e.Suggestion == "" && len(e.Valid) == 0 && !strings.Contains(e.Hint, "GET /api/v1/tenants") {
			t.Errorf("%s: neither a suggestion, the valid ids nor where they are listed: %+v", path, e)
		}
	}
	e := decode[problem](t, f.get(t, "/api/v1/who?activity=decommision-tenant"), 404)
	if e.Suggestion != "decommission-tenant" || !strings.Contains(e.Hint, `"decommission-tenant"`) || e.Parameter != "activity" {
		t.Errorf("the problem does not suggest the activity: %+v", e)
	}
	e = decode[problem](t, f.get(t, "/api/v1/who?activity=decommission-tenant&service=nope"), 404)
	if e.Suggestion != "" || len(e.Valid) != 20 || e.ValidTotal <= 20 {
		t.Errorf("an id far from any lists the first valid ids and their number: %+v", e)
	}
	for _, path := range []string{"/api/v1/matrix?limit=0", "/api/v1/matrix?limit=100001", "/api/v1/tenants?cursor=x"} {
		if e := decode[problem](t, f.get(t, path), 400); e.Parameter == "" || e.Hint == "" {
			t.Errorf("%s: %+v", path, e)
		}
	}
	decode[problem](t, f.get(t, "/api/v1/nothing"), 404)
}

func TestWhoNeedsActivity(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"", "?landing_zone=cloud-native", "?activity=", "?activity=,"} {
		e := decode[problem](t, f.get(t, "/api/v1/who"+q), 400)
		if !strings.HasSuffix(e.Type, "#missing-parameter") || e.Parameter != "activity" || !strings.Contains(e.Detail, "activity") ||
			!slices.Contains(e.Valid, "decommission-tenant") && e.ValidTotal == 0 {
			t.Errorf("who%s: %+v", q, e)
		}
	}
}

func TestUnknownQueryParameters(t *testing.T) {
	f := newFixture(t)
	e := decode[problem](t, f.get(t, "/api/v1/who?activty=decommission-tenant"), 400)
	want := []string{"activity", "landing_zone", "service", "tenant"}
	if !strings.HasSuffix(e.Type, "#unknown-parameter") || e.Parameter != "activty" || e.Suggestion != "activity" || !slices.Equal(e.Valid, want) {
		t.Errorf("who: %+v", e)
	}
	// party is a matrix parameter, not one of who's
	if e := decode[problem](t, f.get(t, "/api/v1/who?activity=decommission-tenant&party=cloud-foundation"), 400); e.Parameter != "party" {
		t.Errorf("who with party: %+v", e)
	}
	decode[matrixPage](t, f.get(t, "/api/v1/matrix?party=cloud-foundation&limit=1"), 200)
	e = decode[problem](t, f.get(t, "/api/v1/parties?x=1&a=2"), 400)
	if e.Parameter != "a" || len(e.Valid) != 0 || !strings.Contains(e.Detail, "no query parameters") {
		t.Errorf("parties: %+v", e)
	}
	e = decode[problem](t, f.get(t, "/api/v1/tenants?landing-zone=sandbox"), 400)
	if e.Suggestion != "landing_zone" || !slices.Contains(e.Valid, "owner") {
		t.Errorf("tenants: %+v", e)
	}
	// every operation of the document refuses an unknown parameter
	for op := range queryParams {
		method, path, _ := strings.Cut(op, " ")
		if method != "GET" || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		path = strings.NewReplacer("{id}", "x").Replace(path)
		if r := f.do(t, "GET", path+"?no_such_parameter=1", "member", "", ""); r.code != 400 || !bytes.Contains(r.body, []byte("unknown-parameter")) {
			t.Errorf("GET %s with an unknown parameter: %d %s", path, r.code, short(r.body))
		}
	}
}

func TestTenantInAnotherLandingZone(t *testing.T) {
	f := newFixture(t)
	m := f.srv.current.Load().model
	tenant := m.Tenants[0]
	other := ""
	for _, z := range m.LandingZones {
		if z.ID != tenant.LandingZone.ID {
			other = z.ID
			break
		}
	}
	for _, path := range []string{"/api/v1/who?activity=decommission-tenant&", "/api/v1/matrix?"} {
		e := decode[problem](t, f.get(t, path+"tenant="+tenant.ID+"&landing_zone="+other), 400)
		if !strings.HasSuffix(e.Type, "#tenant-not-in-landing-zone") || !strings.Contains(e.Detail, tenant.LandingZone.ID) ||
			!strings.Contains(e.Detail, other) || !strings.Contains(e.Hint, "landing_zone="+tenant.LandingZone.ID) {
			t.Errorf("%s: %+v", path, e)
		}
		// its own landing zone, among others, is fine
		if r := f.get(t, path+"tenant="+tenant.ID+"&landing_zone="+other+","+tenant.LandingZone.ID); r.code != 200 {
			t.Errorf("%s with its own zone: %d %s", path, r.code, short(r.body))
		}
	}
	p := decode[problem](t, f.get(t, "/api/v1/processes/decomission-tenant"), 404)
	if p.Suggestion != "decommission-tenant" {
		t.Errorf("problem %+v does not suggest the process", p)
	}
}

type matrixPage struct {
	Cells     []json.RawMessage `json:"cells"`
	Truncated bool              `json:"truncated"`
	Next      string            `json:"next"`
}

func TestMatrixPages(t *testing.T) {
	f := newFixture(t)
	all := decode[matrixPage](t, f.get(t, "/api/v1/matrix?landing_zone=sandbox"), 200)
	if all.Truncated || len(all.Cells) < 10 {
		t.Fatalf("whole zone: %d cells, truncated %v", len(all.Cells), all.Truncated)
	}
	var paged []json.RawMessage
	q := "/api/v1/matrix?landing_zone=sandbox&limit=7"
	for i := 0; ; i++ {
		p := decode[matrixPage](t, f.get(t, q), 200)
		paged = append(paged, p.Cells...)
		if !p.Truncated {
			break
		}
		if len(p.Cells) != 7 || p.Next == "" || i > 1000 {
			t.Fatalf("page %d: %d cells, next %q", i, len(p.Cells), p.Next)
		}
		q = "/api/v1/matrix?landing_zone=sandbox&limit=7&cursor=" + url.QueryEscape(p.Next)
	}
	if len(paged) != len(all.Cells) {
		t.Fatalf("pages hold %d cells, the whole %d", len(paged), len(all.Cells))
	}
	for i := range paged {
		if !bytes.Equal(paged[i], all.Cells[i]) {
			t.Fatalf("cell %d differs", i)
		}
	}
	// party filter keeps only cells where the party holds a role
	p := decode[matrixPage](t, f.get(t, "/api/v1/matrix?party=cloud-foundation&limit=100000"), 200)
	if len(p.Cells) == 0 {
		t.Fatal("cloud-foundation holds nothing")
	}
}

func TestPartiesAndTenants(t *testing.T) {
	f := newFixture(t)
	ps := decode[[]partyView](t, f.get(t, "/api/v1/parties"), 200)
	if len(ps) < 5 {
		t.Fatalf("%d parties", len(ps))
	}
	if bytes.Contains(f.get(t, "/api/v1/parties").body, []byte("members")) {
		t.Error("party members are listed")
	}
	d := decode[partyDetail](t, f.get(t, "/api/v1/parties/cloud-foundation"), 200)
	if d.ID != "cloud-foundation" || len(d.Responsibilities) == 0 || d.Counts["A"] == 0 {
		t.Fatalf("detail %+v", d.partyView)
	}
	grains := map[string]bool{}
	for _, du := range d.Responsibilities {
		grains[du.Grain] = true
		ok := du.Roles != "" && du.Activity != "" && du.Cells > 0
		switch du.Grain {
		case "service":
			ok = ok && du.LandingZone != "" && du.Services == du.Cells && du.Where == ""
		case "tenant":
			ok = ok && du.LandingZone != "" && du.Services == 0 && len(du.Providers) == du.Cells && strings.HasPrefix(du.Where, "each ")
		case "landing-zone":
			ok = ok && du.LandingZone != "" && du.Services == 0 && du.Cells == 1 && du.Where == "the landing zone"
		case "provider":
			ok = ok && du.LandingZone == "" && len(du.Providers) == du.Cells
		case "organisation":
			ok = ok && du.LandingZone == "" && du.Cells == 1
		default:
			ok = false
		}
		if !ok {
			t.Fatalf("duty %+v", du)
		}
	}
	// Cloud Foundation's duties happen per service, per tenant, per landing
	// zone and per provider (it is consulted on workforce federation).
	for _, g := range []string{"service", "tenant", "landing-zone", "provider"} {
		if !grains[g] {
			t.Errorf("cloud-foundation has no duty per %s: %v", g, grains)
		}
	}
	ts := decode[tenantPage](t, f.get(t, "/api/v1/tenants"), 200).Tenants
	if len(ts) == 0 {
		t.Fatal("no tenants")
	}
	td := decode[tenantDetail](t, f.get(t, "/api/v1/tenants/"+ts[0].ID), 200)
	if td.OwnerParty == nil || td.OwnerParty.ID != ts[0].Owner {
		t.Fatalf("tenant %+v", td)
	}
	// Filters: the tenants of one owner, or of two landing zones on one
	// provider, as counted from the full list.
	count := func(keep func(tenantView) bool) int {
		n := 0
		for _, tv := range ts {
			if keep(tv) {
				n++
			}
		}
		return n
	}
	owned := decode[tenantPage](t, f.get(t, "/api/v1/tenants?owner=claims-platform"), 200).Tenants
	if want := count(func(tv tenantView) bool { return tv.Owner == "claims-platform" }); len(owned) != want || want == 0 {
		t.Fatalf("owner=claims-platform: %d tenants, want %d", len(owned), want)
	}
	both := decode[tenantPage](t, f.get(t, "/api/v1/tenants?landing_zone=cloud-native&landing_zone=lift-and-shift&provider=aws"), 200).Tenants
	want := count(func(tv tenantView) bool {
		return (tv.LandingZone == "cloud-native" || tv.LandingZone == "lift-and-shift") && tv.Provider == "aws"
	})
	if len(both) != want || want == 0 || want == len(ts) {
		t.Fatalf("two landing zones on aws: %d tenants, want %d of %d", len(both), want, len(ts))
	}
	if none := decode[tenantPage](t, f.get(t, "/api/v1/tenants?owner=claims-platform&provider=gcp"), 200).Tenants; none == nil {
		t.Fatal("an empty result is not an empty list")
	}
	// Pages of two, followed to the end, give the same tenants in order.
	var paged []tenantView
	next := "0"
	for pages := 0; ; pages++ {
		if pages > len(ts) {
			t.Fatal("the pages do not end")
		}
		p := decode[tenantPage](t, f.get(t, "/api/v1/tenants?limit=2&cursor="+next), 200)
		paged = append(paged, p.Tenants...)
		if !p.Truncated {
			break
		}
		if len(p.Tenants) != 2 || p.Next == "" {
			t.Fatalf("a truncated page of %d tenants, next %q", len(p.Tenants), p.Next)
		}
		next = p.Next
	}
	if !reflect.DeepEqual(paged, ts) {
		t.Fatalf("paging gave %d tenants, the whole list %d", len(paged), len(ts))
	}
	for _, q := range []string{"limit=0", "limit=100001", "cursor=-1", "cursor=x"} {
		decode[problem](t, f.get(t, "/api/v1/tenants?"+q), 400)
	}
	e := decode[problem](t, f.get(t, "/api/v1/tenants?owner=claims-platfrom"), 404)
	if !strings.Contains(e.Detail, `unknown party "claims-platfrom"`) || e.Suggestion != "claims-platform" || e.Parameter != "owner" {
		t.Fatalf("unknown owner: %+v", e)
	}
}

func TestAcknowledgeFlow(t *testing.T) {
	f := newFixture(t)
	rule, party, person := memberRule(t, f)
	f.people.add("member", person)
	f.people.add("outsider", Person{Subject: "o", Email: "outsider@example.org", Groups: []string{"gg-nothing"}})
	body := `{"rule":"` + rule + `","party":"` + party + `"}`
	covered := func() int {
		cv := decode[coverageView](t, f.get(t, "/api/v1/coverage"), 200)
		for _, pc := range cv.Parties {
			if pc.Party == party {
				return pc.Acknowledged
			}
		}
		t.Fatalf("party %s not in coverage", party)
		return 0
	}
	before := covered()

	// anonymous
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "", "application/json", body), 401)
	// not JSON
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "text/plain", body), 415)
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/x-www-form-urlencoded", "rule=x"), 415)
	// too large
	big := `{"rule":"` + strings.Repeat("x", 20<<10) + `","party":"` + party + `"}`
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", big), 413)
	// malformed, unknown fields, unknown ids
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":`), 400)
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"a","party":"b","x":1}`), 400)
	e := decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"`+rule+`x","party":"`+party+`"}`), 400)
	if e.Hint == "" {
		t.Error("no hint for an unknown rule")
	}
	// non-member: 403 and an audit row
	decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "outsider", "application/json", body), 403)
	log, err := f.store.AuditLog(t.Context(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "acknowledge-refused" || log[0].Actor != "outsider@example.org" || log[0].Object != "rule/"+rule {
		t.Fatalf("audit log %+v", log)
	}
	if covered() != before {
		t.Fatal("a refusal changed coverage")
	}
	// member: 201, coverage changes
	a := decode[ackView](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", body), 201)
	if a.Rule != rule || a.Party != party || a.RuleHash == "" || !a.Current {
		t.Fatalf("ack %+v", a)
	}
	if covered() != before+1 {
		t.Fatalf("coverage %d, want %d", covered(), before+1)
	}
	// listed; the person only for signed-in readers
	anon := decode[[]ackView](t, f.get(t, "/api/v1/acknowledgements?rule="+rule), 200)
	if len(anon) != 1 || anon[0].Person != "" {
		t.Fatalf("anonymous list %+v", anon)
	}
	signed := decode[[]ackView](t, f.do(t, "GET", "/api/v1/acknowledgements?party="+party, "member", "", ""), 200)
	if len(signed) != 1 || signed[0].Person == "" {
		t.Fatalf("signed-in list %+v", signed)
	}
	// exports: signed-in only
	decode[problem](t, f.get(t, "/api/v1/export/audit.csv"), 401)
	decode[problem](t, f.do(t, "GET", "/api/v1/export/nothing.csv", "member", "", ""), 404)
	csv := f.do(t, "GET", "/api/v1/export/acknowledgements.csv", "member", "", "")
	if csv.code != 200 || !strings.Contains(string(csv.body), rule) || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv export %d %s", csv.code, csv.body)
	}
	audit := f.do(t, "GET", "/api/v1/export/audit.json", "member", "", "")
	if audit.code != 200 || !strings.Contains(string(audit.body), "acknowledge-refused") {
		t.Fatalf("audit export %d %s", audit.code, audit.body)
	}
	// the acknowledgement counter
	if !strings.Contains(string(f.get(t, "/metrics").body), "demarc_acknowledgements_total 1\n") {
		t.Error("acknowledgement not counted")
	}
}

func TestPartyNotHolding(t *testing.T) {
	f := newFixture(t)
	rule, party, person := memberRule(t, f)
	f.people.add("member", person)
	m := f.srv.current.Load().model
	// a rule where the party is neither R nor A
	for _, r := range m.Rules {
		holds := false
		for _, ref := range append(append(model.Refs{}, r.Accountable...), r.Responsible...) {
			holds = holds || ref.ID == party
		}
		if !holds && r.ID != rule {
			decode[problem](t, f.do(t, "POST", "/api/v1/acknowledgements", "member", "application/json", `{"rule":"`+r.ID+`","party":"`+party+`"}`), 400)
			return
		}
	}
	t.Skip("every rule names the party")
}

func TestNoStore(t *testing.T) {
	srv, err := New(Config{ModelDir: copyModel(t)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptestServer(t, srv.Handler())
	for _, p := range []string{"/api/v1/coverage", "/api/v1/acknowledgements"} {
		res, err := http.Get(hs + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 503 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	res, err := http.Post(hs+"/api/v1/acknowledgements", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 { // no identity layer: nobody can write
		t.Errorf("POST without identity layer: %d", res.StatusCode)
	}
}

func TestSignInRequired(t *testing.T) {
	pp := &people{by: map[string]Person{"a": {Subject: "a"}}}
	srv, err := New(Config{ModelDir: copyModel(t), Identity: pp.identity})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptestServer(t, srv.Handler())
	for p, want := range map[string]int{"/api/v1/parties": 401, "/": 401, "/healthz": 200, "/readyz": 200, "/metrics": 200, "/api/v1/openapi.json": 200} {
		res, err := http.Get(hs + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", p, res.StatusCode, want)
		}
	}
	req, _ := http.NewRequest("GET", hs+"/api/v1/parties", nil)
	req.Header.Set("X-Test-Person", "a")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("signed in: %d", res.StatusCode)
	}
}

func TestMemberOf(t *testing.T) {
	p := &model.Party{Members: []string{"Priya.Raman@northwind.example", "group:gg-iam"}}
	for _, c := range []struct {
		per  Person
		want bool
	}{
		{Person{Email: "priya.raman@NORTHWIND.example"}, true},
		{Person{Groups: []string{"gg-iam"}}, true},
		{Person{Email: "gg-iam", Groups: []string{"GG-IAM"}}, false},
		{Person{Email: "group:gg-iam"}, false},
		{Person{}, false},
	} {
		if got := c.per.MemberOf(p); got != c.want {
			t.Errorf("%+v: %v", c.per, got)
		}
	}
}

// TestWhoAnswersFollowReloads: answers are kept per loaded model, so a
// repeated question gets the same body and an edited model a new one.
func TestWhoAnswersFollowReloads(t *testing.T) {
	f := newFixture(t)
	const q = "/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native&service=aws-lambda"
	first := f.get(t, q)
	ans := decode[[]answer](t, first, 200)
	if len(ans) != 1 || len(ans[0].Accountable) != 1 || ans[0].Accountable[0].Party != "cloud-foundation" {
		t.Fatalf("answers %+v; the test expects Cloud Foundation accountable", ans)
	}
	if again := f.get(t, q); !bytes.Equal(again.body, first.body) || again.header.Get("Content-Length") == "" {
		t.Fatalf("the repeated question got another body or no length:\n%s\n%s", first.body, again.body)
	}
	file := filepath.Join(f.dir, "parties", "central-teams.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "    name: Cloud Foundation\n", "    name: Cloud Platform Team\n", 1)
	if edited == string(src) {
		t.Fatal("the example's party file changed; update the test")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	ans = decode[[]answer](t, f.get(t, q), 200)
	if got := ans[0].Accountable[0].Name; got != "Cloud Platform Team" {
		t.Fatalf("after the reload the accountable party is named %q", got)
	}
}

// TestTenantDiagnosticsKeepPositions: the served model forgets where its
// tenants are written, but the diagnostics about them, computed before,
// still point at the row.
func TestTenantDiagnosticsKeepPositions(t *testing.T) {
	f := newFixture(t)
	file := filepath.Join(f.dir, "tenants", "gcp-projects.csv")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), ",cloud-native,actuarial-analytics,", ",cloud-native,no-such-team,", 1)
	if edited == string(src) {
		t.Fatal("the example's tenant list changed; update the test")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = f.srv.Reload() // errors: the last good model stays
	body := string(f.get(t, "/api/v1/diagnostics").body)
	if !strings.Contains(body, "no-such-team") || !strings.Contains(body, `gcp-projects.csv","start":{"line":2`) {
		t.Fatalf("the diagnostic about the tenant lacks its position: %s", short([]byte(body)))
	}
	if pos := f.srv.current.Load().model.Tenants[0].Pos(); !pos.IsZero() {
		t.Errorf("the served model keeps tenant positions: %v", pos)
	}
}

// TestProcessNeedsWhere: a process that runs in several landing zones needs
// a tenant or a landing zone, and a tenant must be in the zone given.
func TestProcessNeedsWhere(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{
		"/api/v1/processes/decommission-tenant",
		"/api/v1/processes/decommission-tenant?landing_zone=sandbox&tenant=563956996473",
	} {
		e := decode[problem](t, f.get(t, path), 400)
		if e.Status != 400 || e.Detail == "" || e.Hint == "" {
			t.Errorf("%s: %+v", path, e)
		}
	}
}
