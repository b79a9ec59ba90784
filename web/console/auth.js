// Sign-in for the console pages. Locally ("dev") the session is an HttpOnly
// cookie the browser sends by itself, so there is nothing to do here. In
// AWS ("cognito") the browser signs in to the Cognito user pool directly
// (USER_PASSWORD_AUTH over HTTPS), keeps the tokens for this tab only, and
// sends the access token as a bearer token, which API Gateway's JWT
// authorizer checks on every /console/api/ route.
window.DoorstepAuth = (() => {
  'use strict';
  const cfg = document.body.dataset;
  const KEY = 'doorstep.console.session';

  async function call(target, payload) {
    const res = await fetch(`https://cognito-idp.${cfg.region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(payload),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      throw new Error(data.message || 'Sign-in failed. Please try again.');
    }
    return data;
  }

  function save(result, refresh) {
    sessionStorage.setItem(KEY, JSON.stringify({
      access: result.AccessToken,
      refresh: result.RefreshToken || refresh || '',
      expires: Date.now() + (result.ExpiresIn || 3600) * 1000,
    }));
  }

  // signIn returns null when signed in, or the challenge to answer.
  async function signIn(username, password) {
    const r = await call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cfg.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    if (r.ChallengeName) return r;
    save(r.AuthenticationResult);
    return null;
  }

  async function newPassword(challenge, username, password) {
    const r = await call('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: cfg.clientId,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password },
    });
    save(r.AuthenticationResult);
  }

  // token is the bearer token for API calls: null in dev mode (the cookie
  // does it) and when signed out.
  async function token() {
    if (cfg.mode !== 'cognito') return null;
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (!s) return null;
    if (Date.now() < s.expires - 60000) return s.access;
    if (!s.refresh) return null;
    try {
      const r = await call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: cfg.clientId,
        AuthParameters: { REFRESH_TOKEN: s.refresh },
      });
      save(r.AuthenticationResult, s.refresh);
      return r.AuthenticationResult.AccessToken;
    } catch {
      return null;
    }
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
  }

  return { mode: cfg.mode, signIn, newPassword, token, signOut };
})();
