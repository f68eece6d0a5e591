package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// freePort returns a loopback port nobody listens on now. Replicas keep
// their port across restarts, as nginx's upstream names them.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// binDir holds the binary built for this test binary; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildDemarc builds the command of this module once per test binary.
var buildDemarc = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "demarc-cluster-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "demarc")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/demarc").CombinedOutput(); err != nil {
		return "", fmt.Errorf("building demarc: %v\n%s", err, out)
	}
	return bin, nil
})

// replica is one `demarc serve` process on a fixed port.
type replica struct {
	name string
	bin  string
	args []string
	env  []string
	port int
	log  *bytes.Buffer // standard error of every run, for failures

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan error
}

func (r *replica) url() string { return fmt.Sprintf("http://127.0.0.1:%d", r.port) }

// start runs the replica and waits for /readyz.
func (r *replica) start(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	cmd := exec.Command(r.bin, append(append([]string{}, r.args...), "--addr", fmt.Sprintf("127.0.0.1:%d", r.port))...)
	cmd.Env = append(os.Environ(), r.env...)
	cmd.Stderr = &lockedWriter{w: r.log}
	if err := cmd.Start(); err != nil {
		r.mu.Unlock()
		t.Fatalf("%s: %v", r.name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	r.cmd, r.exited = cmd, exited
	r.mu.Unlock()
	if err := waitReady(r.url(), 30*time.Second, exited); err != nil {
		t.Fatalf("%s: %v\n%s", r.name, err, r.log)
	}
}

// stop sends sig and waits for the process to exit, returning its status.
func (r *replica) stop(t *testing.T, sig syscall.Signal, limit time.Duration) int {
	t.Helper()
	r.mu.Lock()
	cmd, exited := r.cmd, r.exited
	r.mu.Unlock()
	if cmd == nil {
		return 0
	}
	_ = cmd.Process.Signal(sig)
	select {
	case err := <-exited:
		r.mu.Lock()
		r.cmd = nil
		r.mu.Unlock()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return -int(ws.Signal())
			}
			return ee.ExitCode()
		}
		return 0
	case <-time.After(limit):
		t.Fatalf("%s still running %s after %s", r.name, limit, sig)
		return 0
	}
}

// waitReady polls url/readyz until it answers 200.
func waitReady(url string, limit time.Duration, exited <-chan error) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("exited before it was ready: %v", err)
		default:
		}
		if res, err := client.Get(url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("not ready within %s", limit)
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// nginxBin finds Debian's nginx.
func nginxBin(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("nginx is not installed: apt-get install nginx (scripts/test.sh does); it is the load balancer of this test")
	return ""
}

// startNginx runs nginx as the load balancer of the replicas, and returns
// its URL. Responses name the replica that answered (X-Upstream).
func startNginx(t *testing.T, replicas []*replica) string {
	t.Helper()
	bin := nginxBin(t)
	dir := t.TempDir()
	// The workers may run as another user (nobody when started as root).
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	var upstream strings.Builder
	for _, r := range replicas {
		// One failure takes a replica out for a second; nginx open source
		// does not probe, so that is how it notices a stopped replica.
		fmt.Fprintf(&upstream, "    server 127.0.0.1:%d max_fails=1 fail_timeout=1s;\n", r.port)
	}
	conf := fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  upstream demarc {
%[2]s    keepalive 32;
  }
  server {
    listen 127.0.0.1:%[3]d;
    location / {
      proxy_pass http://demarc;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      # Another replica for a refused or reset connection or a timeout,
      # POSTs too: demarc's writes are idempotent (the same acknowledgement
      # again returns the row stored), so a retry never writes twice. Not
      # for a 503: that is the shared database being down, which no other
      # replica can help with, and nginx would count it against the
      # replica and soon have none left.
      proxy_next_upstream error timeout non_idempotent;
      proxy_next_upstream_tries 3;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`, dir, upstream.String(), port)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-g", "daemon off;")
	cmd.Stderr = &lockedWriter{w: &stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitReady(url, 10*time.Second, exited); err != nil {
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		t.Fatalf("nginx: %v\n%s%s", err, stderr.String(), b)
	}
	return url
}
