package server

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// buckets are the upper bounds of the request duration histogram, in seconds.
var buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type reqKey struct {
	route, method string
	code          int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

// metrics are the counters of /metrics, written in the Prometheus text
// exposition format 0.0.4.
type metrics struct {
	mu        sync.Mutex
	requests  map[reqKey]uint64
	durations map[string]*histogram
	reloadsOK uint64
	reloadsKO uint64
	acks      uint64

	answerHits, answerMisses atomic.Uint64 // who's answer cache; atomics on the hot path
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, durations: map[string]*histogram{}}
}

func (m *metrics) reload(ok bool) {
	m.mu.Lock()
	if ok {
		m.reloadsOK++
	} else {
		m.reloadsKO++
	}
	m.mu.Unlock()
}

func (m *metrics) ack() {
	m.mu.Lock()
	m.acks++
	m.mu.Unlock()
}

func (m *metrics) observe(route, method string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, method, code}]++
	h := m.durations[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.durations[route] = h
	}
	for i, b := range buckets {
		if sec <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.n++
}

// label escapes a label value.
func label(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
}

func float(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP demarc_http_requests_total HTTP requests by route, method and status code.")
	fmt.Fprintln(w, "# TYPE demarc_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "demarc_http_requests_total{route=\"%s\",method=\"%s\",code=\"%d\"} %d\n", label(k.route), label(k.method), k.code, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP demarc_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE demarc_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.durations))
	for r := range m.durations {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.durations[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "demarc_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} %d\n", label(r), float(b), cum)
		}
		fmt.Fprintf(w, "demarc_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", label(r), h.n)
		fmt.Fprintf(w, "demarc_http_request_duration_seconds_sum{route=\"%s\"} %s\n", label(r), float(h.sum))
		fmt.Fprintf(w, "demarc_http_request_duration_seconds_count{route=\"%s\"} %d\n", label(r), h.n)
	}
	fmt.Fprintln(w, "# HELP demarc_model_reloads_total Model loads by result.")
	fmt.Fprintln(w, "# TYPE demarc_model_reloads_total counter")
	fmt.Fprintf(w, "demarc_model_reloads_total{result=\"ok\"} %d\n", m.reloadsOK)
	fmt.Fprintf(w, "demarc_model_reloads_total{result=\"error\"} %d\n", m.reloadsKO)
	fmt.Fprintln(w, "# HELP demarc_acknowledgements_total Acknowledgements recorded by this process.")
	fmt.Fprintln(w, "# TYPE demarc_acknowledgements_total counter")
	fmt.Fprintf(w, "demarc_acknowledgements_total %d\n", m.acks)
	fmt.Fprintln(w, "# HELP demarc_answer_cache_requests_total who questions by whether the loaded model's answer cache had the answer.")
	fmt.Fprintln(w, "# TYPE demarc_answer_cache_requests_total counter")
	fmt.Fprintf(w, "demarc_answer_cache_requests_total{result=\"hit\"} %d\n", m.answerHits.Load())
	fmt.Fprintf(w, "demarc_answer_cache_requests_total{result=\"miss\"} %d\n", m.answerMisses.Load())
}

// statusWriter records the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	srv  *Server
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
		w.srv.lastHeaders(w.Header(), code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
