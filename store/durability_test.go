package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helperEnv carries the DSN to the child process of TestDurability.
const helperEnv = "DEMARC_STORE_HELPER_DSN"

// TestHelperProcess is not a test: TestDurability runs the test binary again
// with it, as a writer that prints "ack ID" after each Acknowledge returns.
func TestHelperProcess(t *testing.T) {
	dsn := os.Getenv(helperEnv)
	if dsn == "" {
		t.Skip("helper process for TestDurability")
	}
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		a, err := s.Acknowledge(ctx, Ack{RuleID: "os", RuleHash: "v1:h", PartyID: "ops", Person: fmt.Sprintf("p%d@example.com", i), RemoteAddr: "192.0.2.1"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		// os.Stdout is unbuffered: the line leaves the process now.
		fmt.Fprintf(os.Stdout, "ack %d\n", a.ID)
	}
}

// TestDurability kills a writer with SIGKILL in the middle of a burst of
// acknowledgements and checks that every acknowledgement it had confirmed is
// in the database afterwards, with its audit entry.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	forEachBackend(t, func(t *testing.T, dsn string) {
		const confirmedBeforeKill = 300
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"="+dsn)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killed := false
		defer func() {
			if !killed {
				cmd.Process.Kill()
				cmd.Wait()
			}
		}()
		deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
		defer deadline.Stop()

		var confirmed []int64
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			rest, ok := strings.CutPrefix(line, "ack ")
			if !ok {
				continue // test framework output
			}
			id, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				t.Fatalf("child printed %q", line)
			}
			confirmed = append(confirmed, id)
			if len(confirmed) == confirmedBeforeKill && !killed {
				// SIGKILL mid-burst: the child is inside its next Acknowledge.
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		// Lines printed before the kill are confirmed too; read them all.
		cmd.Wait()
		if !killed {
			t.Fatalf("child stopped after %d acknowledgements: %s", len(confirmed), stderr.String())
		}

		s := open(t, dsn)
		acks, err := s.Acknowledgements(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		have := map[int64]bool{}
		for _, a := range acks {
			have[a.ID] = true
		}
		missing := 0
		for _, id := range confirmed {
			if !have[id] {
				missing++
			}
		}
		if missing > 0 {
			t.Fatalf("%d of %d confirmed acknowledgements lost after SIGKILL", missing, len(confirmed))
		}
		log, err := s.AuditLog(context.Background(), time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != len(acks) {
			t.Fatalf("%d acknowledgements but %d audit entries", len(acks), len(log))
		}
		t.Logf("%d confirmed before the kill was seen, %d rows after restart, all confirmed present", len(confirmed), len(acks))
	})
}
