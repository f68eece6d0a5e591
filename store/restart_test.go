package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/store/storetest"
)

// TestPostgresRestart stops and starts the PostgreSQL server with the shell
// commands in DEMARC_TEST_POSTGRES_STOP and DEMARC_TEST_POSTGRES_START
// (e.g. "pg_ctlcluster 15 main stop"): while it is down calls fail with an
// error within their deadline, and afterwards they succeed again with the
// same Store.
func TestPostgresRestart(t *testing.T) {
	stop, start := storetest.Restarter(t)
	s := open(t, postgresDSN(t))
	ack := func(i int, timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_, err := s.Acknowledge(ctx, Ack{RuleID: "os", RuleHash: "h", PartyID: "ops", Person: fmt.Sprintf("p%d@example.com", i)})
		return err
	}
	if err := ack(0, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	stop()
	restarted := false
	defer func() {
		if !restarted {
			start()
		}
	}()
	t0 := time.Now()
	err := ack(1, 3*time.Second)
	if err == nil {
		t.Fatal("Acknowledge succeeded with PostgreSQL down")
	}
	if d := time.Since(t0); d > 6*time.Second {
		t.Fatalf("Acknowledge took %v to fail", d)
	}
	if err := s.Ping(context.Background()); err == nil {
		t.Fatal("Ping succeeded with PostgreSQL down")
	}
	t.Logf("while down: %v", err)
	start()
	restarted = true
	var last error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if last = ack(2, 3*time.Second); last == nil {
			break
		}
	}
	if last != nil {
		t.Fatalf("no recovery after restart: %v", last)
	}
	acks, err := s.Acknowledgements(context.Background(), Filter{})
	if err != nil || len(acks) != 2 {
		t.Fatalf("after restart: %d acknowledgements, %v", len(acks), err)
	}
	t.Logf("recovered %v after the stop", time.Since(t0))
}
