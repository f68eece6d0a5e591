package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
)

// MinKeyLen is the minimum length of session and CSRF keys.
const MinKeyLen = 32

var errBadCookie = errors.New("auth: invalid cookie")

// sealer encrypts and authenticates cookie values with AES-256-GCM. The
// cookie name is bound as associated data, so a value cannot be moved from
// one cookie to another. Keys are derived from the configured secret with
// HMAC-SHA256 and a purpose label, so one secret can serve several purposes.
type sealer struct {
	aead cipher.AEAD
}

func deriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("demarc/auth/" + purpose))
	return m.Sum(nil)
}

func newSealer(secret []byte) (*sealer, error) {
	if len(secret) < MinKeyLen {
		return nil, errors.New("auth: session key must be at least 32 bytes")
	}
	block, err := aes.NewCipher(deriveKey(secret, "cookie-aead"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

func (s *sealer) seal(name string, v any) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, plain, []byte(name))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

func (s *sealer) open(name, value string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return errBadCookie
	}
	ns := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:ns], raw[ns:], []byte(name))
	if err != nil {
		return errBadCookie
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return errBadCookie
	}
	return nil
}

// cookieFlags holds the attributes shared by every cookie this package sets.
type cookieFlags struct {
	secure bool
}

func (f cookieFlags) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   f.secure,
		SameSite: http.SameSiteLaxMode,
	}
}

func (f cookieFlags) clear(w http.ResponseWriter, name string) {
	http.SetCookie(w, f.cookie(name, "", -1))
}

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
