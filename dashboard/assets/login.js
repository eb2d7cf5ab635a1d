// The sign-in form: POST /auth/login as JSON, then into the console (or back to the page that sent us here).
import { describeError, pageData, t } from './console.js';

const form = document.getElementById('login');
const error = document.getElementById('login-error');
const submit = form.querySelector('button[type="submit"]');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  submit.disabled = true;
  submit.textContent = t('login.working');
  const fields = new FormData(form);
  try {
    const response = await fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ username: fields.get('username'), password: fields.get('password') }),
    });
    if (response.ok) {
      window.location.assign(pageData().next || '/console');
      return;
    }
    const body = await response.json().catch(() => ({}));
    // A schema error (an empty field) reads best as the same "wrong username or password".
    const code = body.error === 'invalid_request' ? 'bad_credentials' : body.error;
    error.textContent = describeError(code, body.message);
  } catch {
    error.textContent = t('errors.network');
  }
  error.hidden = false;
  submit.disabled = false;
  submit.textContent = t('login.submit');
});
