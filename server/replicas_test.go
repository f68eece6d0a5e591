package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/store/storetest"

	"github.com/demarc-dev/demarc/store"
)

// replicaDSN returns a PostgreSQL URL whose search_path is a fresh schema of
// this test (dropped afterwards), from DEMARC_TEST_POSTGRES. Without it the
// test fails, unless DEMARC_SKIP_POSTGRES=1; the same convention as the
// store's tests.
func replicaDSN(t *testing.T) string {
	return storetest.PostgresDSN(t)
}

// replica is one server with its own connection pool on the shared database.
type replica struct {
	name  string
	store *store.Store
	http  *httptest.Server
}

// foundationMember makes every request a member of cloud-foundation (its
// group gg-cloud-foundation) named by the header X-Test-Person.
func foundationMember(r *http.Request) (Person, bool) {
	name := r.Header.Get("X-Test-Person")
	if name == "" {
		return Person{}, false
	}
	return Person{Subject: name, Email: name + "@northwind.example", Groups: []string{"gg-cloud-foundation"}}, true
}

func newReplica(t *testing.T, name, dir, dsn string) *replica {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("replica %s: %v", name, err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := New(Config{ModelDir: dir, Store: st, Identity: foundationMember})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &replica{name: name, store: st, http: hs}
}

func (rp *replica) call(method, path, person, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, rp.http.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("X-Test-Person", person)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := rp.http.Client().Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func (rp *replica) getJSON(t *testing.T, path string, v any) []byte {
	t.Helper()
	code, b, err := rp.call(http.MethodGet, path, "reader", "")
	if err != nil {
		t.Fatalf("%s: GET %s: %v", rp.name, path, err)
	}
	if code != http.StatusOK {
		t.Fatalf("%s: GET %s: %d %s", rp.name, path, code, short(b))
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: GET %s: %v", rp.name, path, err)
	}
	return b
}

// TestReplicasAgree runs two servers on one PostgreSQL database, as two
// replicas behind a load balancer: what one confirms the other shows, the
// same acknowledgement sent to both at once is kept once, and both report
// the same coverage.
func TestReplicasAgree(t *testing.T) {
	dsn := replicaDSN(t)
	dir := copyModel(t)
	a := newReplica(t, "A", dir, dsn)
	b := newReplica(t, "B", dir, dsn)

	var cov coverageView
	a.getJSON(t, "/api/v1/coverage", &cov)
	var rules []string
	for _, p := range cov.Parties {
		if p.Party == "cloud-foundation" {
			for _, r := range p.Rules {
				rules = append(rules, r.Rule)
			}
		}
	}
	if len(rules) < 2 {
		t.Fatalf("cloud-foundation holds %d decisions; the test needs at least 2", len(rules))
	}
	if len(rules) > 8 {
		rules = rules[:8]
	}

	// Acknowledged through A, visible through B.
	code, body, err := a.call(http.MethodPost, "/api/v1/acknowledgements", "first", fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rules[0]))
	if err != nil || code != http.StatusCreated {
		t.Fatalf("acknowledge through A: %d %v %s", code, err, short(body))
	}
	var first ackView
	if err := json.Unmarshal(body, &first); err != nil {
		t.Fatal(err)
	}
	var seen []ackView
	b.getJSON(t, "/api/v1/acknowledgements?party=cloud-foundation", &seen)
	if len(seen) != 1 || seen[0].ID != first.ID || seen[0].Rule != rules[0] || !seen[0].Current {
		t.Fatalf("B does not show the acknowledgement confirmed by A: %+v, want id %d", seen, first.ID)
	}

	// Every (person, rule) sent to both replicas at the same time.
	const persons = 6
	type pair struct{ person, rule string }
	ids := map[pair][]int64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, persons*len(rules)*2)
	for i := range persons {
		for _, rule := range rules {
			for _, rp := range []*replica{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					k := pair{fmt.Sprintf("person-%d", i), rule}
					code, body, err := rp.call(http.MethodPost, "/api/v1/acknowledgements", k.person, fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule))
					if err != nil || code != http.StatusCreated {
						errs <- fmt.Errorf("%s: %v: %d %v %s", rp.name, k, code, err, short(body))
						return
					}
					var v ackView
					if err := json.Unmarshal(body, &v); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					ids[k] = append(ids[k], v.ID)
					mu.Unlock()
				}()
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for k, v := range ids {
		if len(v) != 2 || v[0] != v[1] {
			t.Errorf("%v: the replicas confirmed ids %v, want the same one twice", k, v)
		}
	}

	want := 1 + persons*len(rules)
	for _, rp := range []*replica{a, b} {
		var all []ackView
		rp.getJSON(t, "/api/v1/acknowledgements?party=cloud-foundation", &all)
		if len(all) != want {
			t.Errorf("%s lists %d acknowledgements, want %d (each counted once)", rp.name, len(all), want)
		}
		unique := map[int64]bool{}
		for _, x := range all {
			unique[x.ID] = true
		}
		if len(unique) != len(all) {
			t.Errorf("%s lists duplicate ids", rp.name)
		}
	}
	audit, err := a.store.AuditLog(context.Background(), time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range audit {
		if e.Action == "acknowledge" {
			n++
		}
	}
	if n != want {
		t.Errorf("audit log has %d acknowledge entries, want %d", n, want)
	}

	// Both replicas compute the same coverage.
	var ca, cb coverageView
	ja := a.getJSON(t, "/api/v1/coverage", &ca)
	jb := b.getJSON(t, "/api/v1/coverage", &cb)
	if !bytes.Equal(ja, jb) {
		t.Errorf("the replicas report different coverage:\nA: %s\nB: %s", short(ja), short(jb))
	}
	for _, p := range ca.Parties {
		if p.Party == "cloud-foundation" && p.Acknowledged != len(rules) {
			t.Errorf("cloud-foundation: %d acknowledged, want %d", p.Acknowledged, len(rules))
		}
	}
}
