package server

import (
	"fmt"
	"time"

	"github.com/demarc-dev/demarc/report"
	"github.com/demarc-dev/demarc/site"
)

// reloadTimeout is how long serve waits for one load of the model before it
// gives up on it and keeps serving the last good model. The loader stops
// itself at limits.max_load_time (one minute by default); this bound is for
// what it cannot interrupt, such as a read that blocks on a hung network
// file system.
var reloadTimeout = 2 * time.Minute

// buildFunc builds a state from the model files; tests replace it.
var buildFunc = build

// maxTornRetries is how often a load is repeated at once when the files
// changed while they were read.
const maxTornRetries = 3

// abandonedLoad is a load that did not finish in time. It may still be
// running; until it returns, no other load starts, so a hung file system
// costs one goroutine, not one per poll.
type abandonedLoad struct {
	done  <-chan *state
	since time.Time
}

// buildBounded loads the model so that a load can neither wedge the server
// nor publish a mix of old and new files. It must be called with reloadMu
// held. A load that does not return within reloadTimeout is abandoned with
// an error. When the files changed while they were read (an editor saving,
// a git checkout), the result is discarded and the load repeated; if they
// keep changing, the error asks the next poll to try again.
func (s *Server) buildBounded(now time.Time, opts site.Options) (*state, error) {
	dir := s.cfg.ModelDir
	for try := 0; ; try++ {
		before := fingerprint(dir)
		st, err := s.buildWithin(now, opts)
		if err != nil {
			return nil, err
		}
		after := fingerprint(dir)
		if after == before {
			s.stamp = after
			return st, nil
		}
		if try == maxTornRetries {
			s.stamp = "" // the next poll tries again
			return nil, fmt.Errorf("the files of %s kept changing while they were read; the last good model is served until they settle", dir)
		}
	}
}

// buildWithin runs one load on its own goroutine and waits reloadTimeout.
func (s *Server) buildWithin(now time.Time, opts site.Options) (*state, error) {
	if a := s.abandoned; a != nil {
		select {
		case <-a.done: // finished late; its files may be stale, so load again
			s.abandoned = nil
		default:
			s.stamp = ""
			return nil, fmt.Errorf("the load of %s started at %s has not finished (a file system that does not answer?); the last good model is served",
				s.cfg.ModelDir, a.since.Format(time.RFC3339))
		}
	}
	done := make(chan *state, 1)
	fn := buildFunc
	go func() { done <- fn(s.cfg.ModelDir, now, opts) }()
	timer := time.NewTimer(reloadTimeout)
	defer timer.Stop()
	select {
	case st := <-done:
		return st, nil
	case <-timer.C:
		s.abandoned = &abandonedLoad{done: done, since: now}
		s.stamp = ""
		return nil, fmt.Errorf("loading %s did not finish within %s; the last good model is served", s.cfg.ModelDir, reloadTimeout)
	}
}

// loadFailed records a load that produced no model at all: the last good
// model stays served, and /api/v1/status says what went wrong and since
// when the served model is the last good one.
func (s *Server) loadFailed(now, lastGood time.Time, err error) error {
	s.metrics.reload(false)
	prev := s.latest.Load()
	s.latest.Store(&attempt{report: &report.Report{Version: report.Version, Diagnostics: []report.Diagnostic{}}, loadedAt: now, lastGoodAt: lastGood, err: err.Error()})
	if prev == nil || prev.err != err.Error() { // once, not at every poll
		s.log.Error("model reload failed", "dir", s.cfg.ModelDir, "err", err)
	}
	s.bannerUnreadable(lastGood, "the load failed or took too long")
	return fmt.Errorf("server: %w", err)
}

// bannerUnreadable shows on every page that the model files could not be
// read and since when the last good version is served. The reason is
// generic: the error itself may name server paths, which readers need not
// see (/api/v1/status has it).
func (s *Server) bannerUnreadable(lastGood time.Time, reason string) {
	cur := s.current.Load()
	if cur == nil || cur.unreadable == reason { // once, not at every poll
		return
	}
	next := cur.withBanner(s.siteOptions(&site.Banner{LastGood: lastGood, Unreadable: reason}))
	next.unreadable = reason
	s.current.Store(next)
}
