package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type client struct {
	t    *testing.T
	s    *Server
	auth string
}

func newClient(t *testing.T) (*Server, *client) {
	s := New()
	t.Cleanup(s.Close)
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(Email, Token)
	return s, &client{t: t, s: s, auth: req.Header.Get("Authorization")}
}

func (c *client) do(method, path string, body any, hdr ...string) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case *bytes.Buffer:
		rd = b
		ctype = hdr[0]
		hdr = hdr[1:]
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	target := path
	if !strings.HasPrefix(path, "http") {
		target = c.s.BaseURL() + "/rest/api" + path
	}
	req, _ := http.NewRequest(method, target, rd)
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func newPageBody(title, parent, body string, version int) map[string]any {
	p := map[string]any{"type": "page", "title": title, "space": map[string]any{"key": "DOC"},
		"body": map[string]any{"storage": map[string]any{"value": body, "representation": "storage"}}}
	if parent != "" {
		p["ancestors"] = []any{map[string]any{"id": parent}}
	}
	if version > 0 {
		p["version"] = map[string]any{"number": version}
	}
	return p
}

func TestAuth(t *testing.T) {
	s, c := newClient(t)
	c.auth = ""
	if st, _ := c.do("GET", "/space/DOC", nil); st != 401 {
		t.Fatalf("no credentials: %d", st)
	}
	c.auth = "Basic " + "d3Jvbmc6d3Jvbmc="
	if st, _ := c.do("GET", "/space/DOC", nil); st != 401 {
		t.Fatalf("wrong credentials: %d", st)
	}
	c.auth = "Bearer " + PAT
	if st, _ := c.do("GET", "/space/DOC", nil); st != 200 {
		t.Fatalf("bearer: %d", st)
	}
	c.auth = "Bearer " + Token
	if st, _ := c.do("GET", "/space/DOC", nil); st != 401 {
		t.Fatalf("API token as bearer: %d", st)
	}
	if s.Writes() != 0 {
		t.Fatal("reads counted as writes")
	}
}

func TestVersionsAndTitles(t *testing.T) {
	s, c := newClient(t)
	st, p := c.do("POST", "/content", newPageBody("A", "", "<p>a</p>", 0))
	if st != 200 {
		t.Fatalf("create: %d %v", st, p)
	}
	id := p["id"].(string)
	if st, _ := c.do("POST", "/content", newPageBody("a", "", "<p>b</p>", 0)); st != 400 {
		t.Fatalf("duplicate title (other case): %d", st)
	}
	if st, _ := c.do("POST", "/content", newPageBody("B", "", "<p>unclosed", 0)); st != 400 {
		t.Fatalf("malformed body: %d", st)
	}
	for _, v := range []int{0, 1, 3} {
		if st, _ := c.do("PUT", "/content/"+id, newPageBody("A", "", "<p>a2</p>", v)); st != 409 {
			t.Fatalf("version %d: %d, want 409", v, st)
		}
	}
	if st, _ := c.do("PUT", "/content/"+id, newPageBody("A", "", "<p>a2</p>", 2)); st != 200 {
		t.Fatalf("version 2: %d", st)
	}
	if got, _ := s.Page(id); got.Version != 2 || got.Body != "<p>a2</p>" {
		t.Fatalf("after update: %+v", got)
	}
	_, q := c.do("POST", "/content", newPageBody("B", id, "<p>b</p>", 0))
	child := q["id"].(string)
	if st, _ := c.do("PUT", "/content/"+id, newPageBody("A", child, "<p>a3</p>", 3)); st != 400 {
		t.Fatalf("a page moved below its child: %d", st)
	}
	if st, _ := c.do("PUT", "/content/"+child, newPageBody("A", id, "<p>b</p>", 2)); st != 400 {
		t.Fatalf("rename onto a taken title: %d", st)
	}
	if st, _ := c.do("DELETE", "/content/"+id, nil); st != 204 {
		t.Fatalf("delete: %d", st)
	}
	if got, _ := s.Page(child); got.ParentID != "" {
		t.Fatalf("the child of a deleted page was not moved up: %+v", got)
	}
	if s.Writes() != 11 {
		t.Fatalf("%d writes counted, want 11", s.Writes())
	}
}

func TestPaginationAndCQL(t *testing.T) {
	s, c := newClient(t)
	for i := range 12 {
		_, p := c.do("POST", "/content", newPageBody("P"+string(rune('a'+i)), "", "<p/>", 0))
		if i%2 == 0 {
			c.do("POST", "/content/"+p["id"].(string)+"/label", []any{map[string]any{"prefix": "global", "name": "x-managed"}})
		}
	}
	q := url.Values{"cql": {`label = "x-managed" and space = "DOC" and type = page`}, "limit": {"100"}}
	next := "/content/search?" + q.Encode()
	var titles []string
	for pages := 0; next != ""; pages++ {
		st, res := c.do("GET", next, nil)
		if st != 200 || pages > 5 {
			t.Fatalf("search: %d %v", st, res)
		}
		for _, r := range res["results"].([]any) {
			titles = append(titles, r.(map[string]any)["title"].(string))
		}
		if lim := res["limit"].(float64); lim != 5 {
			t.Fatalf("limit %v, want the server's 5", lim)
		}
		next, _ = res["_links"].(map[string]any)["next"].(string)
		if next != "" && !strings.HasPrefix(next, s.URL) {
			t.Fatalf("next link %q is not absolute (no context path: Data Center style)", next)
		}
	}
	if len(titles) != 6 || titles[0] != "Pa" || titles[5] != "Pk" {
		t.Fatalf("found %v", titles)
	}
	if st, _ := c.do("GET", "/content/search?"+url.Values{"cql": {`text ~ "x"`}}.Encode(), nil); st != 400 {
		t.Fatalf("unsupported CQL: %d", st)
	}
	s.SetContextPath("/wiki")
	_, res := c.do("GET", "/content/search?"+url.Values{"cql": {`label = x-managed`}}.Encode(), nil)
	if next := res["_links"].(map[string]any)["next"].(string); !strings.HasPrefix(next, "/rest/api/content/search?") {
		t.Fatalf("next link %q is not relative to the base (Cloud style)", next)
	}
}

func TestPropertiesAndAttachments(t *testing.T) {
	s, c := newClient(t)
	body := newPageBody("A", "", "<p/>", 0)
	body["metadata"] = map[string]any{"properties": map[string]any{"k": map[string]any{"key": "k", "value": map[string]any{"n": 1}}}}
	_, p := c.do("POST", "/content", body)
	id := p["id"].(string)
	if st, prop := c.do("GET", "/content/"+id+"/property/k", nil); st != 200 || prop["version"].(map[string]any)["number"].(float64) != 1 {
		t.Fatalf("property from create: %d %v", st, prop)
	}
	if st, _ := c.do("PUT", "/content/"+id+"/property/k", map[string]any{"key": "k", "value": 2, "version": map[string]any{"number": 1}}); st != 409 {
		t.Fatalf("stale property version: %d", st)
	}
	if st, _ := c.do("PUT", "/content/"+id+"/property/k", map[string]any{"key": "k", "value": 2, "version": map[string]any{"number": 2}}); st != 200 {
		t.Fatalf("property update: %d", st)
	}
	if st, _ := c.do("POST", "/content/"+id+"/property", map[string]any{"key": "k", "value": 3}); st != 409 {
		t.Fatalf("duplicate property: %d", st)
	}
	if st, _ := c.do("GET", "/content/"+id+"/property/none", nil); st != 404 {
		t.Fatalf("missing property: %d", st)
	}

	upload := func(path string, data string, xsrf bool) int {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "chart.svg")
		fw.Write([]byte(data))
		mw.WriteField("comment", "v")
		mw.Close()
		hdr := []string{mw.FormDataContentType()}
		if xsrf {
			hdr = append(hdr, "X-Atlassian-Token", "no-check")
		}
		st, _ := c.do("POST", path, &buf, hdr...)
		return st
	}
	path := "/content/" + id + "/child/attachment"
	if st := upload(path, "<svg/>", false); st != 403 {
		t.Fatalf("upload without X-Atlassian-Token: %d, want 403", st)
	}
	if st := upload(path, "<svg/>", true); st != 200 {
		t.Fatalf("upload: %d", st)
	}
	if st := upload(path, "<svg/>", true); st != 400 {
		t.Fatalf("second upload of the same name: %d, want 400", st)
	}
	got, _ := s.Page(id)
	att := got.Attachments[0]
	if st := upload(path+"/"+att.ID+"/data", "<svg>2</svg>", true); st != 200 {
		t.Fatalf("new data: %d", st)
	}
	if got, _ := s.Page(id); string(got.Attachments[0].Data) != "<svg>2</svg>" || got.Attachments[0].Version != 2 {
		t.Fatalf("attachment after update: %+v", got.Attachments[0])
	}
}

func TestInjectedFailures(t *testing.T) {
	s, c := newClient(t)
	s.RateLimit(2, "3")
	c.do("GET", "/space/DOC", nil)
	req, _ := http.NewRequest("GET", s.BaseURL()+"/rest/api/space/DOC", nil)
	req.Header.Set("Authorization", c.auth)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Fatalf("rate limit: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	s.RateLimit(0, "")
	s.FailNext(1, 502)
	if st, _ := c.do("GET", "/space/DOC", nil); st != 502 {
		t.Fatalf("FailNext: %d", st)
	}
	s.FailWritesAfter(1, 500)
	if st, _ := c.do("POST", "/content", newPageBody("A", "", "<p/>", 0)); st != 200 {
		t.Fatalf("first write: %d", st)
	}
	if st, _ := c.do("POST", "/content", newPageBody("B", "", "<p/>", 0)); st != 500 {
		t.Fatalf("second write: %d", st)
	}
	s.FailWritesAfter(-1, 0)
	s.LoseResponses(1)
	if st, _ := c.do("POST", "/content", newPageBody("C", "", "<p/>", 0)); st != 503 {
		t.Fatalf("lost response: %d", st)
	}
	if _, ok := s.PageByTitle("DOC", "C"); !ok {
		t.Fatal("the write with a lost response was not applied")
	}
}

// TestDescendantsIgnoreTheSearchLag: with the index lagging, CQL misses a
// new page while the parent's descendants, with their labels, list it.
func TestDescendantsIgnoreTheSearchLag(t *testing.T) {
	s, c := newClient(t)
	root := s.AddPage("DOC", "Root", "", "")
	s.SearchLag(true)
	child := s.AddPage("DOC", "Child", root, "")
	grandchild := s.AddPage("DOC", "Grandchild", child, "")
	s.AddLabel(grandchild, "demarc-managed")
	s.AddPage("DOC", "Elsewhere", "", "")
	if code, res := c.do("GET", "/content/search?cql="+url.QueryEscape(`label = "demarc-managed"`), nil); code != 200 || len(res["results"].([]any)) != 0 {
		t.Fatalf("the lagging search found %v", res["results"])
	}
	code, res := c.do("GET", "/content/"+root+"/descendant/page?expand=metadata.labels", nil)
	if code != 200 {
		t.Fatalf("descendants: %d %v", code, res)
	}
	var got []string
	for _, r := range res["results"].([]any) {
		ct := r.(map[string]any)
		labels := ct["metadata"].(map[string]any)["labels"].(map[string]any)["results"].([]any)
		got = append(got, ct["title"].(string)+"/"+strings.Repeat("L", len(labels)))
	}
	if strings.Join(got, ",") != "Child/,Grandchild/L" {
		t.Fatalf("descendants %v, want Child without labels and Grandchild with one", got)
	}
	if code, _ := c.do("GET", "/content/999999/descendant/page", nil); code != 404 {
		t.Fatalf("descendants of a missing page: %d", code)
	}
	s.SearchLag(false)
	if _, res := c.do("GET", "/content/search?cql="+url.QueryEscape(`label = "demarc-managed"`), nil); len(res["results"].([]any)) != 1 {
		t.Fatalf("after the index caught up: %v", res["results"])
	}
}
