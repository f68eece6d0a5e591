package cluster

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ack is one acknowledgement a replica confirmed with 201.
type ack struct {
	ID     int64  `json:"id"`
	Rule   string `json:"rule"`
	Person string `json:"person"`
}

// phaseStats are the counts of one phase of the load.
type phaseStats struct {
	name      string
	began     time.Time
	took      time.Duration
	reads     int
	readFails int
	latencies []time.Duration // of reads that succeeded
	acksSent  int
	confirmed int
	refused   int // 503 with Retry-After: nothing written, retry
	ackFails  int // anything else: a transport error or another status
	failNotes []string
}

func (p *phaseStats) note(format string, args ...any) {
	if len(p.failNotes) < 5 {
		n := strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " ")
		if len(n) > 160 {
			n = n[:160] + "…"
		}
		p.failNotes = append(p.failNotes, n)
	}
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func (p *phaseStats) String() string {
	frac := func(n, of int) string {
		if of == 0 {
			return "0"
		}
		return fmt.Sprintf("%d (%.2f%%)", n, 100*float64(n)/float64(of))
	}
	return fmt.Sprintf("%-16s %6.1fs  reads %6d  failed %s  p50 %6.2fms  p99 %6.2fms  |  acks %5d: confirmed %d, refused 503 %d, failed %s",
		p.name, p.took.Seconds(), p.reads, frac(p.readFails, p.reads),
		float64(quantile(p.latencies, 0.50).Microseconds())/1000, float64(quantile(p.latencies, 0.99).Microseconds())/1000,
		p.acksSent, p.confirmed, p.refused, frac(p.ackFails, p.acksSent))
}

// versionSeen is what readers learn from each answer: which replica
// answered with which model version.
type versionSeen struct {
	upstream, version string
	sent, at          time.Time // when the request went out, when its answer was read
}

// load drives readers and writers through the load balancer until stopped,
// counting into the current phase.
type load struct {
	base  string
	rules []string
	reads []string

	mu        sync.Mutex
	phase     *phaseStats
	phases    []*phaseStats
	confirmed []ack
	seen      []versionSeen
	watch     bool // record versions (during a model change)

	stop atomic.Bool
	wg   sync.WaitGroup
	seq  atomic.Int64
}

func newLoad(base string, rules []string) *load {
	return &load{base: base, rules: rules, reads: []string{
		"/",
		"/api/v1/who?activity=decommission-tenant&landing_zone=cloud-native",
		"/api/v1/status",
		"/api/v1/parties",
	}}
}

// begin closes the current phase and opens the next.
func (l *load) begin(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.phase != nil {
		l.phase.took = now.Sub(l.phase.began)
	}
	l.phase = &phaseStats{name: name, began: now}
	l.phases = append(l.phases, l.phase)
}

// end closes the current phase and returns it.
func (l *load) end() *phaseStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.phase
	p.took = time.Since(p.began)
	l.phase = &phaseStats{name: "(between)", began: time.Now()}
	return p
}

func (l *load) run(readers, writers int) {
	tr := &http.Transport{MaxIdleConnsPerHost: readers + writers}
	client := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	for i := range readers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for k := i; !l.stop.Load(); k++ {
				l.read(client, l.reads[k%len(l.reads)])
			}
		}()
	}
	for w := range writers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for !l.stop.Load() {
				l.write(client, w)
				time.Sleep(5 * time.Millisecond) // people, not a flood
			}
		}()
	}
}

func (l *load) halt() {
	l.stop.Store(true)
	l.wg.Wait()
}

func (l *load) read(client *http.Client, path string) {
	req, _ := http.NewRequest(http.MethodGet, l.base+path, nil)
	req.Header.Set("X-Forwarded-Email", "reader@cluster.example")
	t0 := time.Now()
	res, err := client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	took := time.Since(t0)
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.phase
	p.reads++
	switch {
	case err != nil:
		p.readFails++
		p.note("GET %s: %v", path, err)
	case res.StatusCode != http.StatusOK:
		p.readFails++
		p.note("GET %s: %d", path, res.StatusCode)
	default:
		p.latencies = append(p.latencies, took)
		if l.watch {
			l.seen = append(l.seen, versionSeen{res.Header.Get("X-Upstream"), res.Header.Get("Demarc-Model-Version"), t0, time.Now()})
		}
	}
}

func (l *load) write(client *http.Client, w int) {
	n := l.seq.Add(1)
	person := fmt.Sprintf("w%d-%d@cluster.example", w, n)
	rule := l.rules[int(n)%len(l.rules)]
	req, _ := http.NewRequest(http.MethodPost, l.base+"/api/v1/acknowledgements",
		strings.NewReader(fmt.Sprintf(`{"rule":%q,"party":"cloud-foundation"}`, rule)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-Email", person)
	req.Header.Set("X-Forwarded-Groups", "cluster")
	res, err := client.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.phase
	p.acksSent++
	switch {
	case err != nil:
		p.ackFails++
		p.note("POST ack %s: %v", person, err)
	case res.StatusCode == http.StatusCreated:
		var a ack
		if err := json.Unmarshal(body, &a); err != nil || a.Person != person || a.Rule != rule {
			p.ackFails++
			p.note("POST ack %s: 201 with %s", person, body)
			return
		}
		p.confirmed++
		l.confirmed = append(l.confirmed, a)
	case res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
		p.refused++
	default:
		p.ackFails++
		p.note("POST ack %s: %d %s", person, res.StatusCode, body)
	}
}
