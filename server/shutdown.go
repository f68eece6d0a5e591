package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Defaults of the drain after the serving context ends.
const (
	DefaultDrainTimeout = 25 * time.Second
	// retryAfter is the Retry-After, in seconds, of every 503: another
	// replica, or this one once its database is back, can take the request.
	retryAfter = "1"
)

// ErrDrainTimeout is wrapped by Serve when requests were still in flight at
// the end of the drain timeout and had to be cut.
var ErrDrainTimeout = errors.New("requests still in flight at the drain timeout")

// Draining reports whether the server is shutting down: /readyz fails so
// that load balancers stop sending it requests.
func (s *Server) Draining() bool { return s.draining.Load() }

// Serve serves on ln, watching the model files, until ctx is done. Then it
// drains: /readyz fails at once, new requests are still served for
// Config.DrainDelay (the time load balancers take to notice), the listener
// closes, and requests in flight finish, all within Config.DrainTimeout.
// Serve returns nil when every request finished in time, and an error
// wrapping ErrDrainTimeout when some had to be cut.
//
// In-flight requests keep their context during the drain, so an
// acknowledgement being written either commits and is answered 201, or fails
// and is answered 503 with Retry-After; it is never answered and lost.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go s.Watch(wctx)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "model", s.cfg.ModelDir)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return s.drain(hs, errc)
}

// drain shuts hs down as Serve describes; errc receives hs.Serve's result.
func (s *Server) drain(hs *http.Server, errc <-chan error) error {
	s.draining.Store(true)
	timeout, delay := s.cfg.DrainTimeout, s.cfg.DrainDelay
	if timeout <= 0 {
		timeout = DefaultDrainTimeout
	}
	delay = min(max(delay, 0), timeout)
	deadline := time.Now().Add(timeout)
	s.log.Info("draining: /readyz fails from now on", "delay", delay, "timeout", timeout)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case err := <-errc:
			return err
		}
	}
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		_ = hs.Close() // cut what is left: their clients see the connection close, never a confirmation
		<-errc
		s.log.Error("drain timeout: requests in flight were cut", "timeout", timeout)
		return fmt.Errorf("server: %w (%s); raise the drain timeout if requests take that long", ErrDrainTimeout, timeout)
	}
	if err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.log.Info("drained: every request finished")
	return nil
}

// lastHeaders completes the headers of every response as its status is
// written: a Retry-After on a 503, which another replica or this one a
// moment later can answer; and Connection: close during the drain, so that
// a client with a kept-alive connection opens its next one to another
// replica. (http.Server.SetKeepAlivesEnabled(false) would instead close idle
// connections at once, and one whose next request was being read would see
// that request handled and its answer lost.)
func (s *Server) lastHeaders(h http.Header, code int) {
	if code == http.StatusServiceUnavailable && h.Get("Retry-After") == "" {
		h["Retry-After"] = retryAfterValue
	}
	if s.draining.Load() {
		h["Connection"] = connectionClose
	}
}

// Shared header values, never modified.
var (
	retryAfterValue = []string{retryAfter}
	connectionClose = []string{"close"}
)
