package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/store/storetest"
)

// TestServeSurvivesPostgresRestart restarts the PostgreSQL server under a
// running server: while the database is down the pages and answers keep
// coming from the loaded model, acknowledgements are refused with 503 and
// a hint within the store's deadline, and /readyz stays ready; once the
// database is back the server recovers by itself, and every acknowledgement
// it confirmed is there.
func TestServeSurvivesPostgresRestart(t *testing.T) {
	stop, start := storetest.Restarter(t)
	rp := newReplica(t, "A", copyModel(t), replicaDSN(t))
	var cov coverageView
	rp.getJSON(t, "/api/v1/coverage", &cov)
	rule := ""
	for _, p := range cov.Parties {
		if p.Party == "cloud-foundation" && len(p.Rules) > 0 {
			rule = p.Rules[0].Rule
		}
	}
	if rule == "" {
		t.Fatal("cloud-foundation holds no decision; the test needs one")
	}
	ack := func(person string) (int, string) {
		t.Helper()
		code, body, err := rp.call(http.MethodPost, "/api/v1/acknowledgements", person, fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule))
		if err != nil {
			t.Fatalf("POST as %s: %v", person, err)
		}
		return code, string(body)
	}
	status := func(path string) int {
		t.Helper()
		code, _, err := rp.call(http.MethodGet, path, "reader", "")
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return code
	}
	if code, body := ack("before"); code != http.StatusCreated {
		t.Fatalf("acknowledge with the database up: %d %s", code, body)
	}

	stop()
	restarted := false
	defer func() {
		if !restarted {
			start()
		}
	}()
	t0 := time.Now()
	code, body := ack("during")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "the database is unavailable") || !strings.Contains(body, "hint") {
		t.Fatalf("acknowledge with the database down: %d %s", code, body)
	}
	if d := time.Since(t0); d > 15*time.Second {
		t.Fatalf("the refusal took %v", d)
	}
	if code := status("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz with the database down: %d; a replica that serves reads stays ready", code)
	}
	for _, path := range []string{"/", "/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native", "/api/v1/parties"} {
		if code := status(path); code != http.StatusOK {
			t.Errorf("GET %s with the database down: %d, want 200 from the loaded model", path, code)
		}
	}

	start()
	restarted = true
	deadline := time.Now().Add(30 * time.Second)
	for code, body = ack("after"); code != http.StatusCreated; code, body = ack("after") {
		if time.Now().After(deadline) {
			t.Fatalf("no recovery 30 s after the restart: %d %s", code, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code := status("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz after the restart: %d", code)
	}
	var acks []ackView
	rp.getJSON(t, "/api/v1/acknowledgements?party=cloud-foundation", &acks)
	var persons []string
	for _, a := range acks {
		persons = append(persons, strings.TrimSuffix(a.Person, "@northwind.example"))
	}
	if len(acks) != 2 || !strings.Contains(strings.Join(persons, " "), "before") || !strings.Contains(strings.Join(persons, " "), "after") {
		t.Fatalf("after the restart the acknowledgements are %v, want those of before and after", persons)
	}
	t.Logf("recovered %v after the stop", time.Since(t0).Round(time.Millisecond))
}
