package auth

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxBody limits responses read from the identity provider.
const maxBody = 1 << 20

// jwks fetches and caches the provider's RSA signing keys.
type jwks struct {
	url    string
	client *http.Client
	ttl    time.Duration // how long a fetched key set is used
	minGap time.Duration // minimum time between fetches caused by unknown kids

	mu      sync.Mutex
	keys    map[string]*rsa.PublicKey // by kid; "" holds a key without kid
	fetched time.Time
}

type jsonWebKey struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func (k jsonWebKey) rsaKey() (*rsa.PublicKey, error) {
	nb, err := base64.RawURLEncoding.DecodeString(k.N)
	if err != nil {
		return nil, fmt.Errorf("bad modulus: %w", err)
	}
	eb, err := base64.RawURLEncoding.DecodeString(k.E)
	if err != nil {
		return nil, fmt.Errorf("bad exponent: %w", err)
	}
	if len(eb) == 0 || len(eb) > 4 {
		return nil, errors.New("bad exponent size")
	}
	e := 0
	for _, b := range eb {
		e = e<<8 | int(b)
	}
	n := new(big.Int).SetBytes(nb)
	if n.BitLen() < 2048 {
		return nil, errors.New("RSA key shorter than 2048 bits")
	}
	if e < 3 || e%2 == 0 {
		return nil, errors.New("bad exponent value")
	}
	return &rsa.PublicKey{N: n, E: e}, nil
}

// fetchLocked fetches the key set, taking the lock.
func (j *jwks) fetchLocked(ctx context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.fetch(ctx)
}

// fetch replaces the cached key set; j.mu must be held.
func (j *jwks) fetch(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := j.client.Do(req)
	if err != nil {
		return fmt.Errorf("fetching JWKS: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetching JWKS: HTTP %d", resp.StatusCode)
	}
	var set struct {
		Keys []jsonWebKey `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(&set); err != nil {
		return fmt.Errorf("decoding JWKS: %w", err)
	}
	keys := make(map[string]*rsa.PublicKey)
	for _, k := range set.Keys {
		if k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		pk, err := k.rsaKey()
		if err != nil {
			continue
		}
		keys[k.Kid] = pk
	}
	if len(keys) == 0 {
		return errors.New("JWKS holds no usable RSA signing key")
	}
	j.keys = keys
	j.fetched = time.Now()
	return nil
}

// key returns the key with the given kid, refreshing the cache when it is
// stale or the kid is unknown (key rotation), at most once per minGap.
func (j *jwks) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	since := time.Since(j.fetched)
	if j.keys == nil || since > j.ttl {
		if err := j.fetch(ctx); err != nil && j.keys == nil {
			return nil, err
		}
	}
	if k := j.lookup(kid); k != nil {
		return k, nil
	}
	if time.Since(j.fetched) >= j.minGap {
		if err := j.fetch(ctx); err != nil {
			return nil, err
		}
		if k := j.lookup(kid); k != nil {
			return k, nil
		}
	}
	return nil, fmt.Errorf("no signing key with kid %q", kid)
}

func (j *jwks) lookup(kid string) *rsa.PublicKey {
	if k, ok := j.keys[kid]; ok {
		return k
	}
	if kid == "" && len(j.keys) == 1 {
		for _, k := range j.keys {
			return k
		}
	}
	return nil
}

// idClaims are the ID token claims this package reads.
type idClaims struct {
	Issuer   string   `json:"iss"`
	Subject  string   `json:"sub"`
	Audience audience `json:"aud"`
	AZP      string   `json:"azp"`
	Expiry   *numeric `json:"exp"`
	IssuedAt *numeric `json:"iat"`
	Nonce    string   `json:"nonce"`
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	// raw holds every claim, for the configurable groups claim.
	raw map[string]json.RawMessage
}

type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor a list of strings")
	}
	*a = many
	return nil
}

type numeric float64

func (n numeric) time() time.Time {
	sec := float64(n)
	return time.Unix(int64(sec), 0)
}

// verifyRS256 checks a compact JWS signed with RS256 and returns its claims.
// Any other algorithm, including "none", is refused.
func verifyRS256(ctx context.Context, token string, keys *jwks) (*idClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("ID token is not a compact JWS")
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, errors.New("ID token header is not base64url")
	}
	var hdr struct {
		Alg  string `json:"alg"`
		Kid  string `json:"kid"`
		Crit []any  `json:"crit"`
	}
	if err := json.Unmarshal(hb, &hdr); err != nil {
		return nil, errors.New("ID token header is not JSON")
	}
	if hdr.Alg != "RS256" {
		return nil, fmt.Errorf("ID token algorithm %q is not RS256", hdr.Alg)
	}
	if len(hdr.Crit) > 0 {
		return nil, errors.New("ID token has unsupported critical header parameters")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("ID token signature is not base64url")
	}
	key, err := keys.key(ctx, hdr.Kid)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
		return nil, errors.New("ID token signature does not verify")
	}
	pb, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("ID token payload is not base64url")
	}
	var c idClaims
	if err := json.Unmarshal(pb, &c); err != nil {
		return nil, fmt.Errorf("ID token claims: %w", err)
	}
	if err := json.Unmarshal(pb, &c.raw); err != nil {
		return nil, fmt.Errorf("ID token claims: %w", err)
	}
	return &c, nil
}

// checkClaims validates the standard ID token claims (OpenID Connect Core
// 3.1.3.7) against the expected issuer, client and nonce.
func checkClaims(c *idClaims, issuer, clientID, nonce string, now time.Time, leeway time.Duration) error {
	if c.Issuer != issuer {
		return fmt.Errorf("ID token issuer %q, want %q", c.Issuer, issuer)
	}
	if c.Subject == "" {
		return errors.New("ID token has no subject")
	}
	found := false
	for _, a := range c.Audience {
		if a == clientID {
			found = true
		}
	}
	if !found {
		return errors.New("ID token audience does not include this client")
	}
	if len(c.Audience) > 1 && c.AZP != "" && c.AZP != clientID {
		return errors.New("ID token authorized party is another client")
	}
	if c.Expiry == nil {
		return errors.New("ID token has no expiry")
	}
	if now.After(c.Expiry.time().Add(leeway)) {
		return errors.New("ID token has expired")
	}
	if c.IssuedAt == nil {
		return errors.New("ID token has no issue time")
	}
	if c.IssuedAt.time().After(now.Add(leeway)) {
		return errors.New("ID token is issued in the future")
	}
	if nonce == "" || c.Nonce != nonce {
		return errors.New("ID token nonce does not match")
	}
	return nil
}

// groups reads the groups claim: a list of strings or a single string.
func (c *idClaims) groups(claim string) []string {
	raw, ok := c.raw[claim]
	if !ok {
		return nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err == nil {
		return many
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil && one != "" {
		return []string{one}
	}
	return nil
}
