package confluence

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// client talks to the Confluence REST API (v1 content API). It adds the
// credentials, retries throttled and failed requests, follows pagination
// and turns failures into *Error values that never carry the token.
type client struct {
	base    *url.URL // e.g. https://example.atlassian.net/wiki
	api     string   // base + /rest/api
	auth    Auth
	hc      *http.Client
	retries int
	maxWait time.Duration
	sleep   func(context.Context, time.Duration) error
	backoff time.Duration // first backoff step

	reads, writes int // requests sent, retries included
}

const (
	defaultRetries = 4
	defaultMaxWait = time.Minute
	defaultBackoff = 500 * time.Millisecond
	maxResponse    = 64 << 20
	maxPages       = 10000 // pages of results followed, a guard against loops
	userAgent      = "demarc-confluence-publisher"
)

func newClient(cfg Config) (*client, error) {
	raw := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if raw == "" {
		return nil, errors.New("no Confluence address: give the site's base URL, e.g. https://example.atlassian.net/wiki (Cloud) or https://confluence.example.com (Data Center)")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("the Confluence address %q is not an http(s) URL; give e.g. https://example.atlassian.net/wiki", cfg.BaseURL)
	}
	if u.User != nil {
		return nil, errors.New("the Confluence address must not contain credentials; " + credentialsHelp)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("the Confluence address %s uses http: the token would travel unencrypted; use https", u.Redacted())
	}
	u.RawQuery, u.Fragment = "", ""
	if strings.HasSuffix(u.Path, "/rest/api") {
		u.Path = strings.TrimSuffix(u.Path, "/rest/api")
	}
	if err := cfg.Auth.validate(); err != nil {
		return nil, err
	}
	c := &client{
		base: u, api: u.String() + "/rest/api", auth: cfg.Auth, hc: cfg.HTTPClient,
		retries: cfg.MaxRetries, maxWait: cfg.MaxWait, sleep: cfg.sleep, backoff: cfg.backoff,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 2 * time.Minute}
	}
	if c.retries == 0 {
		c.retries = defaultRetries
	} else if c.retries < 0 {
		c.retries = 0
	}
	if c.maxWait <= 0 {
		c.maxWait = defaultMaxWait
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.backoff <= 0 {
		c.backoff = defaultBackoff
	}
	return c, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// request is one API call.
type request struct {
	op     string // what is being done, e.g. "update page"
	page   string // the page concerned (title), if any
	method string
	path   string // below /rest/api, or an absolute URL on the same site
	query  url.Values
	body   []byte
	ctype  string
	xsrf   bool // send X-Atlassian-Token: no-check (multipart uploads)
}

// do sends r, retrying on 429 and 5xx, and decodes a JSON response into
// out (if not nil).
func (c *client) do(ctx context.Context, r request, out any) error {
	target := r.path
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		target = c.api + r.path
	}
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	for attempt := 0; ; attempt++ {
		if r.method == http.MethodGet {
			c.reads++
		} else {
			c.writes++
		}
		req, err := http.NewRequestWithContext(ctx, r.method, target, bytes.NewReader(r.body))
		if err != nil {
			return c.fail(r, 0, "", err)
		}
		if r.body == nil {
			req.Body, req.ContentLength = http.NoBody, 0
		}
		req.Header.Set("Authorization", c.auth.header())
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", userAgent)
		if r.ctype != "" {
			req.Header.Set("Content-Type", r.ctype)
		}
		if r.xsrf {
			req.Header.Set("X-Atlassian-Token", "no-check")
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return c.fail(r, 0, "", ctx.Err())
			}
			if attempt < c.retries {
				if werr := c.sleep(ctx, c.backoffFor(attempt)); werr != nil {
					return c.fail(r, 0, "", werr)
				}
				continue
			}
			return c.fail(r, 0, "", fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1))
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		resp.Body.Close()
		if rerr != nil && ctx.Err() != nil {
			return c.fail(r, 0, "", ctx.Err())
		}
		if retryable(resp.StatusCode) {
			if attempt >= c.retries {
				e := c.fail(r, resp.StatusCode, message(data), nil)
				e.Attempts = attempt + 1
				return e
			}
			wait, told := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			if !told {
				wait = c.backoffFor(attempt)
			}
			if wait > c.maxWait {
				if told {
					e := c.fail(r, resp.StatusCode, message(data), nil)
					e.Hint = fmt.Sprintf("Confluence asked to wait %s before retrying, longer than the limit of %s; try again later", wait.Round(time.Second), c.maxWait)
					return e
				}
				wait = c.maxWait
			}
			if err := c.sleep(ctx, wait); err != nil {
				return c.fail(r, 0, "", err)
			}
			continue
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return c.fail(r, resp.StatusCode, message(data), nil)
		}
		if rerr != nil {
			return c.fail(r, resp.StatusCode, "", rerr)
		}
		if out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				return c.fail(r, resp.StatusCode, "", fmt.Errorf("unexpected response (not the JSON of the REST API; is the address the Confluence base URL?): %w", err))
			}
		}
		return nil
	}
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusInternalServerError ||
		status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// backoffFor is the wait before retry attempt+1 when the server gave no
// Retry-After: exponential, with jitter so parallel publishers spread out.
func (c *client) backoffFor(attempt int) time.Duration {
	d := c.backoff << min(attempt, 20)
	if d <= 0 || d > c.maxWait {
		d = c.maxWait
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// retryAfter parses a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<31 {
			n = 1 << 31
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// message extracts Confluence's explanation from an error response.
func message(data []byte) string {
	var v struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
		Errors  []struct {
			Title   string `json:"title"`
			Message any    `json:"message"`
		} `json:"errors"`
		Data struct {
			Errors []struct {
				Message struct {
					Translation string `json:"translation"`
					Key         string `json:"key"`
				} `json:"message"`
			} `json:"errors"`
		} `json:"data"`
	}
	if json.Unmarshal(data, &v) == nil {
		var parts []string
		if v.Message != "" {
			parts = append(parts, v.Message)
		} else if v.Reason != "" {
			parts = append(parts, v.Reason)
		}
		for _, e := range v.Data.Errors {
			if m := e.Message.Translation; m != "" {
				parts = append(parts, m)
			} else if e.Message.Key != "" {
				parts = append(parts, e.Message.Key)
			}
		}
		for _, e := range v.Errors {
			if e.Title != "" {
				parts = append(parts, e.Title)
			} else if s, ok := e.Message.(string); ok && s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			return clipMessage(strings.Join(parts, "; "))
		}
	}
	s := strings.TrimSpace(string(data))
	if strings.HasPrefix(s, "<") {
		return "" // an HTML error page (a proxy or login page); the status says enough
	}
	return clipMessage(s)
}

func clipMessage(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}

// fail builds the error for a failed request, with the token scrubbed from
// everything it says.
func (c *client) fail(r request, status int, msg string, err error) *Error {
	e := &Error{Op: r.op, Page: r.page, Method: r.method, Path: c.shownPath(r.path), Status: status, Message: msg, Err: err}
	e.Hint = hint(r.op, status)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		e.Hint = "the publish was interrupted; run it again to complete it (pages are not duplicated)"
	case status == 0 && err != nil && e.Hint == "":
		e.Hint = "check --url and that this machine can reach Confluence"
	}
	for _, s := range c.auth.secrets() {
		e.Message = strings.ReplaceAll(e.Message, s, redacted)
		if e.Err != nil && strings.Contains(e.Err.Error(), s) {
			e.Err = errors.New(strings.ReplaceAll(e.Err.Error(), s, redacted))
		}
	}
	return e
}

func (c *client) shownPath(p string) string {
	if u, err := url.Parse(p); err == nil && u.IsAbs() {
		return u.Path
	}
	return "/rest/api" + p
}

// page of a paginated v1 result list.
type resultPage[T any] struct {
	Results []T `json:"results"`
	Start   int `json:"start"`
	Limit   int `json:"limit"`
	Size    int `json:"size"`
	Links   struct {
		Next string `json:"next"`
		Base string `json:"base"`
	} `json:"_links"`
}

// list fetches every result of a paginated GET, following _links.next (a
// cursor on Cloud, start/limit on Data Center).
func list[T any](ctx context.Context, c *client, r request, each func(T) error) error {
	seen := map[string]bool{}
	for n := 0; ; n++ {
		var pg resultPage[T]
		if err := c.do(ctx, r, &pg); err != nil {
			return err
		}
		for _, it := range pg.Results {
			if err := each(it); err != nil {
				return err
			}
		}
		if pg.Links.Next == "" || len(pg.Results) == 0 {
			return nil
		}
		next, err := c.resolveNext(pg.Links.Next)
		if err != nil {
			return c.fail(r, 0, "", err)
		}
		if seen[next] || n >= maxPages {
			return c.fail(r, 0, "", errors.New("the result pages do not end (the next link repeats)"))
		}
		seen[next] = true
		r.path, r.query = next, nil
	}
}

// resolveNext turns a _links.next value into a URL on the configured site.
// Cloud answers with a path relative to the base URL (/rest/api/…), Data
// Center with an absolute URL; a link to another host is refused, so the
// credentials are never sent elsewhere.
func (c *client) resolveNext(next string) (string, error) {
	u, err := url.Parse(next)
	if err != nil {
		return "", fmt.Errorf("unusable next link %q: %w", next, err)
	}
	if u.IsAbs() {
		if !strings.EqualFold(u.Host, c.base.Host) {
			return "", fmt.Errorf("the next link points to another site (%s)", u.Host)
		}
		u.Scheme = c.base.Scheme
		return u.String(), nil
	}
	origin := c.base.Scheme + "://" + c.base.Host
	if !strings.HasPrefix(u.Path, "/") {
		return "", fmt.Errorf("unusable next link %q", next)
	}
	if c.base.Path != "" && strings.HasPrefix(u.Path, c.base.Path+"/") {
		return origin + u.String(), nil
	}
	return origin + c.base.Path + u.String(), nil
}

// multipartFile builds the body of an attachment upload.
func multipartFile(a Attachment, comment string) ([]byte, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteEscaper.Replace(a.Name)))
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(a.Data); err != nil {
		return nil, "", err
	}
	h = textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="comment"`)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	if part, err = mw.CreatePart(h); err != nil {
		return nil, "", err
	}
	if _, err := part.Write([]byte(comment)); err != nil {
		return nil, "", err
	}
	if err := mw.WriteField("minorEdit", "true"); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", "")
