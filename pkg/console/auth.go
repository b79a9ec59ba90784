package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// User is a signed-in console user.
type User struct {
	// ID is stable: "dev", or the Cognito user's sub.
	ID string `json:"id"`
	// Name is how records name them: an email or a user name.
	Name string `json:"name"`
}

type userKey struct{}

// WithUser returns ctx carrying u.
func WithUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user a console request carries.
func UserFrom(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(userKey{}).(User)
	return u, ok
}

// Authenticator decides who signed a request in.
type Authenticator interface {
	// User returns the signed-in user, or false.
	User(r *http.Request) (User, bool)
	// Browser says how the pages sign in.
	Browser() BrowserAuth
}

// BrowserAuth is how the pages sign in.
type BrowserAuth struct {
	// Mode is "dev" (a password, then a session cookie) or "cognito"
	// (email and password to Cognito from the browser, then a bearer
	// token on every API call).
	Mode     string
	Region   string // cognito: the user pool's region
	ClientID string // cognito: the app client
	// Cookie is set when page loads carry the credential, so pages are
	// guarded too.
	Cookie bool
}

// SessionCookie is the dev session cookie's name.
const SessionCookie = "doorstep_console"

// DefaultSessionTTL is how long a dev session lasts.
const DefaultSessionTTL = 12 * time.Hour

// DevPassword is the local console's password: DOORSTEP_CONSOLE_PASSWORD,
// else a new random one (generated reports which). The runner prints it.
func DevPassword() (password string, generated bool) {
	if p := strings.TrimSpace(os.Getenv("DOORSTEP_CONSOLE_PASSWORD")); p != "" {
		return p, false
	}
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)), true
}

// DevAuth is the local console's sign-in: one password, then an HttpOnly,
// SameSite=Strict session cookie signed with Key, good for TTL.
type DevAuth struct {
	Password string
	// Key signs session cookies; NewDevAuth makes a random one, so a
	// restart signs everyone out.
	Key   []byte
	TTL   time.Duration
	Clock clock.Clock

	mu       sync.Mutex
	failures map[string][]time.Time // client → recent failed sign-ins
}

// NewDevAuth returns DevAuth for password with a fresh random key.
func NewDevAuth(password string, clk clock.Clock) *DevAuth {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &DevAuth{Password: password, Key: key, Clock: clk}
}

// Browser says the pages sign in with the password and a cookie.
func (a *DevAuth) Browser() BrowserAuth { return BrowserAuth{Mode: "dev", Cookie: true} }

func (a *DevAuth) ttl() time.Duration {
	if a.TTL > 0 {
		return a.TTL
	}
	return DefaultSessionTTL
}

var b64 = base64.RawURLEncoding

// User reads the session cookie: a pkg/signed token for the console-session
// purpose, signed with Key.
func (a *DevAuth) User(r *http.Request) (User, bool) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || len(ck.Value) > 512 || len(a.Key) == 0 {
		return User{}, false
	}
	c, err := signed.NewKeyring(a.Key).Verify(signed.ConsoleSession, ck.Value, a.Clock.Now())
	if err != nil || len(c.Fields) != 2 || c.Fields[0] != "dev" || c.Expires.IsZero() {
		return User{}, false
	}
	return User{ID: "dev", Name: "dev"}, true
}

// CheckPassword compares in constant time.
func (a *DevAuth) CheckPassword(pw string) bool {
	want := sha256.Sum256([]byte(a.Password))
	got := sha256.Sum256([]byte(pw))
	return a.Password != "" && subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// throttled reports whether a client failed too often in the last minute,
// and records a failure when failed is set.
func (a *DevAuth) throttled(client string, failed bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.Clock.Now()
	if a.failures == nil {
		a.failures = map[string][]time.Time{}
	}
	var recent []time.Time
	for _, t := range a.failures[client] {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	if failed {
		recent = append(recent, now)
	}
	a.failures[client] = recent
	if len(a.failures) > 10000 { // a flood of clients: forget them all
		a.failures = map[string][]time.Time{}
	}
	return len(recent) >= 10
}

// StartSession sets the session cookie.
func (a *DevAuth) StartSession(w http.ResponseWriter, r *http.Request) {
	exp := a.Clock.Now().Add(a.ttl())
	nonce := make([]byte, 9)
	_, _ = rand.Read(nonce)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: signed.NewKeyring(a.Key).Sign(signed.ConsoleSession, exp, "dev", b64.EncodeToString(nonce)),
		Path: "/console", Expires: exp, MaxAge: int(a.ttl() / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: isHTTPS(r)})
}

// EndSession clears the session cookie.
func (a *DevAuth) EndSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/console", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: isHTTPS(r)})
}

func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// CognitoAuth is the console's sign-in in AWS: API Gateway's JWT
// authorizer checks the Cognito token on every API route, and the handler
// requires the claims it passes in the API Gateway v2 request context. A
// request that did not come through the authorizer has none, and is
// refused.
type CognitoAuth struct {
	Region     string
	UserPoolID string
	ClientID   string
}

// Issuer is the user pool's token issuer.
func (a CognitoAuth) Issuer() string {
	return "https://cognito-idp." + a.Region + ".amazonaws.com/" + a.UserPoolID
}

// Browser says the pages sign in with Cognito from the browser.
func (a CognitoAuth) Browser() BrowserAuth {
	return BrowserAuth{Mode: "cognito", Region: a.Region, ClientID: a.ClientID}
}

// User reads the authorizer's claims: the token must be from the user
// pool and the console's app client.
func (a CognitoAuth) User(r *http.Request) (User, bool) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return User{}, false
	}
	cl := rc.Authorizer.JWT.Claims
	if cl["sub"] == "" || cl["iss"] != a.Issuer() {
		return User{}, false
	}
	switch cl["token_use"] {
	case "access":
		if cl["client_id"] != a.ClientID {
			return User{}, false
		}
	case "id":
		if cl["aud"] != a.ClientID {
			return User{}, false
		}
	default:
		return User{}, false
	}
	name := cl["sub"]
	for _, k := range []string{"email", "username", "cognito:username"} {
		if v := cl[k]; v != "" {
			name = v
			break
		}
	}
	return User{ID: cl["sub"], Name: name}, true
}

// login is POST /console/login: the dev password, as JSON or a form.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	dev, ok := c.Auth.(*DevAuth)
	if !ok {
		httpjson.Error(w, http.StatusNotFound, "not_found", "sign in with your account on the sign-in page")
		return
	}
	client := r.RemoteAddr
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		client = h
	}
	if dev.throttled(client, false) {
		httpjson.Error(w, http.StatusTooManyRequests, "rate_limited", "too many attempts; wait a minute")
		return
	}
	var pw string
	form := strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
	if form {
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		if err := r.ParseForm(); err != nil {
			httpjson.Error(w, http.StatusBadRequest, "bad_request", "could not read the form")
			return
		}
		pw = r.PostForm.Get("password")
	} else {
		var body struct {
			Password string `json:"password"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil {
			httpjson.Error(w, http.StatusBadRequest, "bad_request", `body must be {"password": "..."}`)
			return
		}
		pw = body.Password
	}
	if !dev.CheckPassword(pw) {
		dev.throttled(client, true)
		if form {
			http.Redirect(w, r, "/console/login?error=1", http.StatusSeeOther)
			return
		}
		httpjson.Error(w, http.StatusUnauthorized, "unauthenticated", "wrong password")
		return
	}
	dev.StartSession(w, r)
	if form {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	httpjson.Write(w, http.StatusOK, map[string]any{"user": User{ID: "dev", Name: "dev"}})
}

// logout is POST /console/api/logout.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if dev, ok := c.Auth.(*DevAuth); ok {
		dev.EndSession(w, r)
	}
	w.WriteHeader(http.StatusNoContent)
}

// safeNext keeps a post-sign-in redirect inside the console.
func safeNext(p string) string {
	if !strings.HasPrefix(p, "/console/") || strings.HasPrefix(p, "/console/login") || strings.ContainsAny(p, "\\\r\n") || strings.Contains(p, "//") {
		return "/console/"
	}
	return p
}
