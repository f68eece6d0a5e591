package load_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/demarc-dev/demarc/diag"
)

// cost is what one call cost: wall time and bytes allocated.
type cost struct {
	elapsed time.Duration
	alloc   uint64
}

func (c cost) String() string {
	return fmt.Sprintf("%v, %d MiB allocated", c.elapsed.Round(time.Millisecond), c.alloc>>20)
}

// measure runs fn and reports its cost. It fails t when fn does not return
// within limit, so a hang shows up as a failure naming the input rather than
// as the test binary's global timeout. Memory is measured with TotalAlloc,
// which counts every allocation (not just what is live at the end), so the
// bound also catches work that allocates and discards.
func measure(t *testing.T, limit time.Duration, fn func()) cost {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("did not finish within %v", limit)
	}
	c := cost{elapsed: time.Since(start)}
	runtime.ReadMemStats(&after)
	c.alloc = after.TotalAlloc - before.TotalAlloc
	return c
}

// Bounds for hostile input. They are correctness bounds (a bomb must not
// expand), not performance targets: honest inputs of the same size need a
// small fraction of them, even under the race detector.
const (
	hostileTime  = 30 * time.Second
	hostileAlloc = 200 << 20
)

// validate checks the invariants every diagnostic must hold, whatever the
// input: a valid severity, a known code, and a subject range that lies in
// the file and is not inverted.
func validate(t *testing.T, ds diag.Diagnostics, sources map[string][]byte) {
	t.Helper()
	for _, d := range ds {
		if err := checkDiagnostic(d, sources); err != nil {
			t.Errorf("%v\n  in %s", err, d.Error())
		}
	}
}

func checkDiagnostic(d diag.Diagnostic, sources map[string][]byte) error {
	switch d.Severity {
	case diag.Error, diag.Warning, diag.Info:
	default:
		return fmt.Errorf("diagnostic %s has severity %v", d.Code, d.Severity)
	}
	if d.Code.Info() == nil {
		return fmt.Errorf("diagnostic has unregistered code %q", d.Code)
	}
	if strings.TrimSpace(d.Summary) == "" {
		return fmt.Errorf("diagnostic %s has no summary", d.Code)
	}
	return checkRange(d.Subject, sources)
}

func checkRange(r diag.Range, sources map[string][]byte) error {
	if r.IsZero() {
		return nil
	}
	s, e := r.Start, r.End
	if s.Line == 0 && e.Line == 0 && s.Byte == 0 && e.Byte == 0 {
		return nil // a range naming a whole file, such as an unreadable one
	}
	if s.Line < 1 || s.Column < 1 {
		return fmt.Errorf("range %s starts at line %d column %d; both must be ≥ 1", r, s.Line, s.Column)
	}
	if e.Byte < s.Byte || e.Line < s.Line || (e.Line == s.Line && e.Column < s.Column) {
		return fmt.Errorf("range %s is inverted: %+v … %+v", r, s, e)
	}
	if data, ok := sources[r.Filename]; ok && e.Byte > len(data) {
		return fmt.Errorf("range %s ends at byte %d, past the end of the file (%d bytes)", r, e.Byte, len(data))
	}
	return nil
}

// codes returns the codes of ds in order, for messages.
func codes(ds diag.Diagnostics) []diag.Code {
	out := make([]diag.Code, len(ds))
	for i, d := range ds {
		out[i] = d.Code
	}
	return out
}

// only returns the diagnostics of ds with code c.
func only(ds diag.Diagnostics, c diag.Code) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Code == c {
			out = append(out, d)
		}
	}
	return out
}

// text returns the source text a range covers.
func text(data []byte, r diag.Range) string {
	if r.Start.Byte < 0 || r.End.Byte > len(data) || r.Start.Byte > r.End.Byte {
		return fmt.Sprintf("<range %d…%d outside %d bytes>", r.Start.Byte, r.End.Byte, len(data))
	}
	return string(data[r.Start.Byte:r.End.Byte])
}

// dump formats diagnostics one per line for failure messages.
func dump(ds diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n\t%s", d.Error())
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}
