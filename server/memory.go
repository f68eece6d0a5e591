package server

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Memory limits.
const (
	// LimitAuto sets the soft memory limit from the live heap after each
	// load, unless GOMEMLIMIT is set; LimitOff leaves the runtime alone.
	LimitAuto = 0
	LimitOff  = -1

	minAutoLimit = 256 << 20
	autoFactor   = 3
	// autoGCPercent lets the heap grow to three times the live heap between
	// collections, the budget the automatic limit allows anyway: half as
	// many collections as the default, so fewer requests wait behind one.
	autoGCPercent = 200
)

// tuneMemory runs after each load. It returns the load's garbage to the
// operating system and sets the runtime's soft memory limit: the operator's
// Config.MemoryLimit, or, by default, three times the live heap (at least
// 256 MiB) with the collector's target raised to match (GOGC=200); the
// GOMEMLIMIT and GOGC variables, when set, win. During a reload, when the old and the new
// model live side by side for a moment, the limit makes the collector work
// harder instead of letting the process grow.
func (s *Server) tuneMemory() {
	if s.cfg.MemoryLimit == LimitOff {
		return
	}
	debug.FreeOSMemory()
	if s.cfg.MemoryLimit != LimitAuto {
		debug.SetMemoryLimit(s.cfg.MemoryLimit)
		return
	}
	// The operator's GOMEMLIMIT and GOGC stand.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(autoGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := max(autoFactor*int64(ms.HeapAlloc), minAutoLimit)
	debug.SetMemoryLimit(limit)
	s.log.Info("memory limit set", "limit_mib", limit>>20, "live_heap_mib", ms.HeapAlloc>>20)
}
