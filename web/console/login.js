// The Cognito sign-in form (the dev form posts without script).
(() => {
  'use strict';
  const form = document.getElementById('cognito-form');
  if (!form) return;
  const error = document.getElementById('login-error');
  const newField = document.getElementById('new-password-field');
  const next = document.body.dataset.next || '/console/';
  let challenge = null;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const button = form.querySelector('button');
    button.disabled = true;
    const data = new FormData(form);
    const user = String(data.get('username') || '').trim();
    try {
      if (challenge) {
        await DoorstepAuth.newPassword(challenge, user, String(data.get('new_password') || ''));
      } else {
        challenge = await DoorstepAuth.signIn(user, String(data.get('password') || ''));
        if (challenge) {
          if (challenge.ChallengeName !== 'NEW_PASSWORD_REQUIRED') {
            throw new Error('This account needs a sign-in step the console does not support.');
          }
          newField.hidden = false;
          newField.querySelector('input').required = true;
          newField.querySelector('input').focus();
          error.textContent = 'Welcome! Please choose a new password.';
          error.hidden = false;
          return;
        }
      }
      location.assign(next);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
})();
