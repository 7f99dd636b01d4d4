// A local OpenID provider for the sign-on tests. Any login name is accepted on its development
// login page; the account's e-mail is <login>@example.org.
//
// Assurance levels (acr): a login is issued the first of the levels the client asked for in
// `acr_values` (as an identity provider does after a BankID or Freja eID login), or none when
// it asked for none. A test can change what the next login gets with
// `POST /test/next-login?acr=<value or empty>&auth_time_offset=<seconds>`: the level issued
// (empty: none) and how far back the sign-on is dated. The switch holds for one login.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const redirectUris = (process.env.OIDC_REDIRECT_URI || '').split(' ').filter(Boolean);

export const ACR_VALUES = [
  'http://id.elegnamnden.se/loa/1.0/loa2',
  'http://id.elegnamnden.se/loa/1.0/loa3',
  'http://id.elegnamnden.se/loa/1.0/loa4',
  'urn:uppsikt:test:password',
];

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'uppsikt',
    client_secret: 'uppsikt-test-secret',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    // as most identity providers do, name the sign-on session (sid) in the ID token
    backchannel_logout_uri: 'http://127.0.0.1/unused-logout',
    backchannel_logout_session_required: true,
  }],
  acrValues: ACR_VALUES,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.org`, email_verified: true,
                 given_name: 'Test', family_name: id, name: `Test ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true } },
  cookies: { keys: ['uppsikt-test-cookie-key'] },
});
provider.proxy = false;

let nextLogin = null;

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/test/next-login') {
    const acr = ctx.query.acr ?? null;
    nextLogin = { acr, authTimeOffset: Number(ctx.query.auth_time_offset || 0) };
    ctx.status = 204;
    return;
  }
  const finishing = ctx.method === 'POST' && ctx.path.startsWith('/interaction/');
  if (!finishing) {
    await next();
    return;
  }
  // the development login form, finished with an assurance level
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name !== 'login') {
    await next();
    return;
  }
  const body = await new Promise((resolve) => {
    let data = '';
    ctx.req.on('data', (chunk) => { data += chunk; });
    ctx.req.on('end', () => resolve(new URLSearchParams(data)));
  });
  const asked = (details.params.acr_values || '').split(' ').filter(Boolean);
  const switched = nextLogin;
  nextLogin = null;
  const acr = switched && switched.acr !== null ? switched.acr : asked[0];
  const login = { accountId: body.get('login') };
  if (acr) login.acr = acr;
  if (switched && switched.authTimeOffset) {
    login.ts = Math.floor(Date.now() / 1000) - switched.authTimeOffset;
  }
  await provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${port}`);
});
