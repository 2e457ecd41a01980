// The OpenID Provider for the blog's end-to-end tests: oidc-provider, the OpenID-Certified
// Node.js implementation, with its development login and consent screens.
//
// Configured from the environment:
//   PROVIDER_PORT   port to listen on at 127.0.0.1 (0, the default, picks a free one)
//   CLIENT_ID       the blog's client_id
//   CLIENT_SECRET   the blog's client_secret (client_secret_basic at the token endpoint)
//   BLOG_URL        the blog's origin, e.g. http://127.0.0.1:8000 (for its redirect URIs)
//   COOKIE_KEY      key for the provider's signed cookies (random when unset)
//   ACCESS_TOKEN_TTL  seconds an access token lives (oidc-provider's default, an hour, when unset)
//   CLOCK_TOLERANCE   seconds past expiry a token is still accepted (oidc-provider's default: 15)
//   TOKEN_ENDPOINT_AUTH_METHOD  how the blog authenticates at the token endpoint:
//                     client_secret_basic (the default) or private_key_jwt, with the keys the
//                     blog publishes at BLOG_URL/oidc/jwks
//   HTTP_POST_METHODS "1" to also take POST at the authorization and end_session endpoints, as
//                     a provider that wants the logout hand-off by POST does (oidc-provider 9
//                     takes GET only by default). Its cookies are then SameSite=None; Secure,
//                     which oidc-provider requires for that and which Chromium keeps on loopback.
// Back-channel logout is on: signing out here POSTs a logout token (with sid) to the blog's
// BLOG_URL/oidc/backchannel-logout before the provider answers.
// Prints "ready <issuer>" on stdout once it accepts connections; the issuer has no trailing slash.
//
// Accounts: any login name signs in (devInteractions ignores the password). The account's name
// claim is derived from the login name ("ada.lovelace" -> "Ada Lovelace"), so tests can check
// that the blog shows what the provider said.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`provider.mjs: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

const port = Number(setting('PROVIDER_PORT', '0'));
const clientId = setting('CLIENT_ID');
const clientSecret = setting('CLIENT_SECRET');
const blogUrl = setting('BLOG_URL').replace(/\/+$/, '');
const cookieKey = setting('COOKIE_KEY', randomBytes(32).toString('hex'));
const accessTokenTTL = process.env.ACCESS_TOKEN_TTL ? Number(process.env.ACCESS_TOKEN_TTL) : null;
const clockTolerance = process.env.CLOCK_TOLERANCE ? Number(process.env.CLOCK_TOLERANCE) : null;
const httpPostMethods = process.env.HTTP_POST_METHODS === '1';
const tokenEndpointAuthMethod = process.env.TOKEN_ENDPOINT_AUTH_METHOD || 'client_secret_basic';

function displayName(login) {
  return login
    .split(/[._\s-]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

// A login ending in .contributor, .author, .editor or .admin is in that blog group (the blog's
// ROLE_GROUPS maps blog-<role>s); any other login is in none, and the claim is an empty list.
function groupsOf(login) {
  const role = login.split('.').pop();
  return ['contributor', 'author', 'editor', 'admin'].includes(role) ? [`blog-${role}s`] : [];
}

async function findAccount(ctx, accountId) {
  return {
    accountId,
    async claims() {
      return {
        sub: accountId,
        name: displayName(accountId),
        preferred_username: accountId,
        email: `${accountId}@example.test`,
        email_verified: true,
        groups: groupsOf(accountId),
      };
    },
  };
}

function configuration() {
  return {
    clients: [{
      client_id: clientId,
      ...(tokenEndpointAuthMethod === 'private_key_jwt'
        ? { jwks_uri: `${blogUrl}/oidc/jwks` }
        : { client_secret: clientSecret }),
      token_endpoint_auth_method: tokenEndpointAuthMethod,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [`${blogUrl}/oidc/callback`],
      post_logout_redirect_uris: [`${blogUrl}/`],
      backchannel_logout_uri: `${blogUrl}/oidc/backchannel-logout`,
      backchannel_logout_session_required: true,
    }],
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    findAccount,
    // oidc-provider's outgoing requests (back-channel logout, the blog's jwks_uri) refuse
    // special-use addresses such as loopback, against SSRF; the blog of these tests is on
    // loopback, so its own origin, and only that, is fetched without the guard.
    fetch: (url, options) => {
      if (new URL(url).origin === new URL(blogUrl).origin) {
        const { dispatcher, ...unguarded } = options;
        return globalThis.fetch(url, unguarded);
      }
      return globalThis.fetch(url, options);
    },
    cookies: {
      keys: [cookieKey],
      ...(httpPostMethods ? { long: { sameSite: 'none', secure: true } } : {}),
    },
    ...(httpPostMethods ? { enableHttpPostMethods: true } : {}),
    // Confidential clients need not use PKCE by default; the blog always does, so insist on it.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    ...(accessTokenTTL ? { ttl: { AccessToken: accessTokenTTL } } : {}),
    ...(clockTolerance !== null ? { clockTolerance } : {}),
  };
}

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  // The issuer needs the port, so the provider is built once the socket is bound.
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration());
  if (httpPostMethods) {
    // Secure cookies over plain HTTP on loopback: koa refuses to set them on a connection it does
    // not think encrypted, so every context (oidc-provider makes some of its own) is told it is.
    const createContext = provider.createContext.bind(provider);
    provider.createContext = (req, res) => {
      const ctx = createContext(req, res);
      ctx.cookies.secure = true;
      return ctx;
    };
  }
  // What became of each back-channel logout, in the log the tests show when they fail.
  provider.on('backchannel.success', (ctx, client) => {
    console.log(`backchannel logout sent to ${client.clientId}`);
  });
  provider.on('backchannel.error', (ctx, error, client) => {
    console.log(`backchannel logout to ${client.clientId} failed: ${error.message}`);
  });
  server.on('request', provider.callback());
  console.log(`ready ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    // Browsers keep connections alive; drop them so that closing does not wait for them.
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
