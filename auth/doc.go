// Package auth signs people in to the demarc web app and decides who they are.
//
// Three sources of identity are provided:
//
//   - [OIDC]: OpenID Connect sign-in (authorization code flow with PKCE S256,
//     state and nonce), with the signed-in person kept in an encrypted,
//     authenticated session cookie;
//   - [ProxyHeaders]: identity headers set by a trusted reverse proxy
//     (oauth2-proxy style), honoured only from configured proxy addresses;
//   - nothing at all, when the operator allows anonymous read-only access
//     (decided by the caller).
//
// [CSRF] protects forms, and [MemberOf] decides whether a person belongs to a
// party given its member list (e-mail addresses and "group:NAME" entries).
//
// Tokens, authorization codes, cookies and secrets are never logged. Errors
// shown to the user are generic; details go to the operator log.
package auth
